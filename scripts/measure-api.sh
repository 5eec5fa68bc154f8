#!/usr/bin/env bash
# HTTP load figures for the release `custodian serve` on this machine, against 127.0.0.1 only,
# each as a ratio to GET /healthz (the constant endpoint) measured by the same server in the same
# run:
#   1. GET /healthz                      — the baseline;
#   2. POST /v1/decisions                — target ≥ 50 % of the baseline's requests/s;
#   3. PUT /v1/people/{id}/consents/marketing.communications.email, denied/granted alternating,
#      round-robin over PEOPLE people   — target ≥ 10k writes/s with p99 < 10 ms;
#   4. POST /v1/people (registration) and POST /v1/sessions (sign-in) at bcrypt cost 10 and at
#      the default cost 12 (CPU-bound by design: fewer connections, shorter runs, and
#      --timeout 10s so that slow hashes count in the latencies instead of as wrk timeouts), each
#      preceded by sign-ins on one connection, which time one hash;
#   5. GET /v1/people/me with a session token — target p99 < 5 ms (at -c32, and, for the
#      latency of a lone request, at -t1 -c1).
#
# Two servers run, one after the other, on SQLite in one temporary data folder, with
# CUSTODIAN_LOG_LEVEL=warning: server A with CUSTODIAN_BCRYPT_COST=10 (the people are registered
# through the API on it, then 1, 2, 3, 5 and 4 at cost 10 are measured), server B with the
# default cost 12 (its own baseline, then 4 at cost 12). Each is stopped by its PID.
#
# Usage: scripts/measure-api.sh            (builds first)
#        SKIP_BUILD=1 scripts/measure-api.sh
# Knobs: WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (10s), BCRYPT_CONNECTIONS (4),
#        BCRYPT_DURATION (5s), PEOPLE (200), LIGHT (1: also GET /v1/people/me at -t1 -c1).
# Needs: curl, wrk (Debian: apt-get install -y wrk), python3 (free port, master key).
set -euo pipefail

WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
WRK_DURATION="${WRK_DURATION:-10s}"
BCRYPT_CONNECTIONS="${BCRYPT_CONNECTIONS:-4}"
BCRYPT_DURATION="${BCRYPT_DURATION:-5s}"
PEOPLE="${PEOPLE:-200}"
LIGHT="${LIGHT:-1}"
PASSWORD="Load-test-Qx7v-2fKp"   # ≥ 10 characters, not a common password

NAME=measure-api
# shellcheck source=scripts/measure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure-common.sh"
LUA="$ROOT/scripts/wrk"

# The master key comes from the environment, as a deployment would set it; no key file is made.
export CUSTODIAN_MASTER_KEY
CUSTODIAN_MASTER_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
DATA="$WORK/data"
PORT=""
BASE=""

# start_server [ENV=VALUE…]: starts the server on a free port, waits for /readyz.
start_server() {
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    env CUSTODIAN_LOG_LEVEL=warning "$@" "$BIN" serve --data "$DATA" --host 127.0.0.1 --port "$PORT" \
        >>"$WORK/server.out" 2>>"$WORK/server.err" &
    SERVER_PID=$!
    local deadline=$(( $(date +%s) + 30 ))
    until curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "measure-api: the server exited; see its log:" >&2; tail -20 "$WORK/server.err" >&2; exit 1; }
        (( $(date +%s) < deadline )) || { echo "measure-api: not ready after 30 s" >&2; exit 1; }
        sleep 0.01
    done
}

stop_server() {
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# call METHOD PATH BODY [AUTH]: one request; prints "STATUS BODY"; fails on a status ≥ 300.
call() {
    local method="$1" path="$2" body="$3" auth="${4:-}" out status
    local args=(-sS -o "$WORK/call.body" -w '%{http_code}' -X "$method" "$BASE$path")
    [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
    [[ -n "$auth" ]] && args+=(-H "Authorization: Bearer $auth")
    status="$(curl "${args[@]}")"
    out="$(cat "$WORK/call.body")"
    if (( status >= 300 )); then
        echo "measure-api: $method $path answered $status: $out" >&2
        exit 1
    fi
    printf '%s %s\n' "$status" "$out"
}

json_field() { python3 -c 'import json, sys; print(json.loads(sys.stdin.read().split(" ", 1)[1])[sys.argv[1]])' "$1"; }

# Results, by row name.
declare -A RPS P50 P99 NON2XX ERRS CMD BASELINE_OF
ROWS=()

# run_wrk ROW BASELINE_ROW THREADS CONNECTIONS DURATION PATH [SCRIPT [-- ARGS…]]
run_wrk() {
    local row="$1" baseline="$2" threads="$3" connections="$4" duration="$5" path="$6"
    shift 6
    local script_args=()
    if (( $# > 0 )); then
        script_args=(-s "$LUA/$1")
        shift
        (( $# > 0 )) && script_args+=("$@")
    fi
    local out="$WORK/wrk-${row//[^A-Za-z0-9]/_}.txt"
    # The Lua script goes before the URL, its arguments (after --) after it.
    local pre=() post=()
    if (( ${#script_args[@]} > 0 )); then
        pre=("${script_args[0]}" "${script_args[1]}")
        post=("${script_args[@]:2}")
    fi
    # shellcheck disable=SC2086 # WRK_EXTRA is a list of options
    wrk -t"$threads" -c"$connections" -d"$duration" --latency ${WRK_EXTRA:-} "${pre[@]}" "$BASE$path" "${post[@]}" >"$out"
    echo "--- $row" >&2
    cat "$out" >&2
    ROWS+=("$row")
    BASELINE_OF[$row]="$baseline"
    local shown=("${pre[@]}")
    [[ ${#shown[@]} -gt 0 ]] && shown[1]="scripts/wrk/$(basename "${shown[1]}")"
    CMD[$row]="wrk -t$threads -c$connections -d$duration --latency ${WRK_EXTRA:+$WRK_EXTRA }${shown[*]:+${shown[*]} }URL$path"
    RPS[$row]="$(awk '/^Requests\/sec:/ { printf "%.2f", $2 }' "$out")"
    P50[$row]="$(awk '$1 == "50%" { print $2 }' "$out" | to_ms)"
    P99[$row]="$(awk '$1 == "99%" { print $2 }' "$out" | to_ms)"
    NON2XX[$row]="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
    NON2XX[$row]="${NON2XX[$row]:-0}"
    ERRS[$row]="$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$out")"
}

# wrk prints latencies as 812.00us, 1.23ms, 1.05s; this gives milliseconds.
to_ms() {
    awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
           f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 0;
           printf "%.2f", v * f }'
}

# API key with the scopes the run needs, made before the first start (this also creates and
# migrates the database).
API_KEY="$(CUSTODIAN_LOG_LEVEL=warning "$BIN" apikey create --data "$DATA" --name load-test --scopes decide,consent,admin)"

# ---- Server A: bcrypt cost 10 -------------------------------------------------------------
start_server CUSTODIAN_BCRYPT_COST=10
echo "server A (bcrypt cost 10) on $BASE, PID $SERVER_PID" >&2

# Register PEOPLE people through the API, four at a time; keep their ids.
echo "registering $PEOPLE people…" >&2
seq 1 "$PEOPLE" | xargs -P 4 -I{} curl -sS -X POST "$BASE/v1/people" -H 'Content-Type: application/json' \
    --data "{\"name\":\"Person {}\",\"email\":\"person-{}@example.org\",\"password\":\"$PASSWORD\"}" -w '\n' \
    | grep -o '"id":"[^"]*"' | cut -d'"' -f4 >"$WORK/ids.txt"
registered="$(wc -l <"$WORK/ids.txt")"
(( registered == PEOPLE )) || { echo "measure-api: registered $registered of $PEOPLE people" >&2; exit 1; }
head -n 8 "$WORK/ids.txt" >"$WORK/decision-ids.txt"
first_id="$(head -n 1 "$WORK/ids.txt")"

# One of each request by hand first: a wrong shape fails here, not as 10 s of 4xx.
call POST /v1/decisions "{\"person\":\"$first_id\",\"purpose\":\"essential.service\",\"categories\":[\"user.contact.email\"]}" "$API_KEY" >&2
call PUT "/v1/people/$first_id/consents/marketing.communications.email" '{"state":"granted"}' "$API_KEY" >&2
TOKEN="$(call POST /v1/sessions "{\"email\":\"person-1@example.org\",\"password\":\"$PASSWORD\"}" | json_field token)"
call GET /v1/people/me "" "$TOKEN" >&2

run_wrk "GET /healthz (A)" "" "$WRK_THREADS" "$WRK_CONNECTIONS" "$WRK_DURATION" /healthz
run_wrk "POST /v1/decisions" "GET /healthz (A)" "$WRK_THREADS" "$WRK_CONNECTIONS" "$WRK_DURATION" /v1/decisions \
    decisions.lua -- "$WORK/decision-ids.txt" "$API_KEY"
run_wrk "PUT consent ($PEOPLE people)" "GET /healthz (A)" "$WRK_THREADS" "$WRK_CONNECTIONS" "$WRK_DURATION" /v1/people \
    consents.lua -- "$WORK/ids.txt" "$API_KEY" "$WRK_THREADS"
run_wrk "GET /v1/people/me" "GET /healthz (A)" "$WRK_THREADS" "$WRK_CONNECTIONS" "$WRK_DURATION" /v1/people/me \
    profile.lua -- "$TOKEN"
if [[ "$LIGHT" == 1 ]]; then
    run_wrk "GET /v1/people/me, 1 connection" "GET /healthz (A)" 1 1 "$WRK_DURATION" /v1/people/me profile.lua -- "$TOKEN"
fi
# bcrypt: requests take up to seconds, beyond wrk's default 2 s timeout (which would drop them
# from the latencies); one connection first gives the time of one hash on an otherwise idle server.
WRK_EXTRA="--timeout 10s"
run_wrk "POST /v1/sessions, cost 10, 1 conn." "GET /healthz (A)" 1 1 "$BCRYPT_DURATION" /v1/sessions \
    signin.lua -- person-2@example.org "$PASSWORD"
run_wrk "POST /v1/people, cost 10" "GET /healthz (A)" "$WRK_THREADS" "$BCRYPT_CONNECTIONS" "$BCRYPT_DURATION" /v1/people \
    register.lua -- "a$RANDOM" "$PASSWORD"
run_wrk "POST /v1/sessions, cost 10" "GET /healthz (A)" "$WRK_THREADS" "$BCRYPT_CONNECTIONS" "$BCRYPT_DURATION" /v1/sessions \
    signin.lua -- person-2@example.org "$PASSWORD"
WRK_EXTRA=""
stop_server

# ---- Server B: the default bcrypt cost, 12 -----------------------------------------------
start_server
echo "server B (bcrypt cost 12) on $BASE, PID $SERVER_PID" >&2
# A person whose password is hashed at cost 12, for the sign-ins.
call POST /v1/people "{\"name\":\"Cost Twelve\",\"email\":\"cost-12@example.org\",\"password\":\"$PASSWORD\"}" >&2
run_wrk "GET /healthz (B)" "" "$WRK_THREADS" "$WRK_CONNECTIONS" "$WRK_DURATION" /healthz
WRK_EXTRA="--timeout 10s"
run_wrk "POST /v1/sessions, cost 12, 1 conn." "GET /healthz (B)" 1 1 "$BCRYPT_DURATION" /v1/sessions \
    signin.lua -- cost-12@example.org "$PASSWORD"
run_wrk "POST /v1/people, cost 12" "GET /healthz (B)" "$WRK_THREADS" "$BCRYPT_CONNECTIONS" "$BCRYPT_DURATION" /v1/people \
    register.lua -- "b$RANDOM" "$PASSWORD"
run_wrk "POST /v1/sessions, cost 12" "GET /healthz (B)" "$WRK_THREADS" "$BCRYPT_CONNECTIONS" "$BCRYPT_DURATION" /v1/sessions \
    signin.lua -- cost-12@example.org "$PASSWORD"
WRK_EXTRA=""
stop_server

# ---- Table --------------------------------------------------------------------------------
# verdict ROW: the target and whether this run met it.
verdict() {
    local row="$1" rps="${RPS[$1]}" p50="${P50[$1]}" p99="${P99[$1]}" base="${BASELINE_OF[$1]}"
    local ratio="" ; [[ -n "$base" ]] && ratio="$(python3 -c "print(${RPS[$row]} / ${RPS[$base]})")"
    case "$row" in
        "POST /v1/decisions")
            python3 -c "r = $ratio; print(f'≥ 50 % of /healthz: {\"met\" if r >= 0.5 else \"MISSED\"}')" ;;
        "PUT consent"*)
            python3 -c "ok = $rps >= 10000 and $p99 < 10; print(f'≥ 10k/s, p99 < 10 ms: {\"met\" if ok else \"MISSED\"} ({\"rate ok\" if $rps >= 10000 else \"rate low\"}, {\"p99 ok\" if $p99 < 10 else \"p99 high\"})')" ;;
        "GET /v1/people/me")
            python3 -c "print(f'p99 < 5 ms: {\"met\" if $p99 < 5 else \"MISSED\"}')" ;;
        "GET /v1/people/me, 1 connection")
            python3 -c "print(f'(p99 < 5 ms unloaded: {\"yes\" if $p99 < 5 else \"no\"})')" ;;
        *"1 conn."*)
            python3 -c "print(f'one hash ≈ {$p50:.0f} ms → ≈ {1000 / $p50:.1f}/s per core')" ;;
        *"cost"*)
            python3 -c "print(f'{$rps / $(nproc):.1f}/s per core (Keycloak: ~15/s per vCPU)')" ;;
        *) echo "" ;;
    esac
}

echo
echo "custodian serve (release, SQLite, log level warning), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); wrk shares the cores"
printf '%-38s %9s %9s %9s %8s %8s  %s\n' "request" "req/s" "p50 ms" "p99 ms" "ratio" "non-2xx" "target"
for row in "${ROWS[@]}"; do
    base="${BASELINE_OF[$row]}"
    ratio="1"
    [[ -n "$base" ]] && ratio="$(python3 -c "print(f'{${RPS[$row]} / ${RPS[$base]}:.3g}')")"
    shown_rps="$(python3 -c "r = ${RPS[$row]}; print(f'{r:.0f}' if r >= 100 else f'{r:.1f}')")"
    printf '%-38s %9s %9s %9s %8s %8s  %s\n' "$row" "$shown_rps" "${P50[$row]}" "${P99[$row]}" "$ratio" "${NON2XX[$row]}" "$(verdict "$row")"
    if [[ -n "${ERRS[$row]}" ]]; then echo "    socket errors: ${ERRS[$row]}"; fi
done
echo
echo "commands (URL = http://127.0.0.1:PORT; ratio = req/s over the same server's GET /healthz):"
for row in "${ROWS[@]}"; do
    printf '  %-38s %s\n' "$row" "${CMD[$row]}"
done
