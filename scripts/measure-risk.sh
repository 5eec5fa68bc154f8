#!/usr/bin/env bash
# Security and fraud load figures for the release `custodian serve`, against 127.0.0.1 only, each
# as a ratio to GET /healthz measured by the same server in the same run:
#   server A — rate limits off and collected URLs not screened (what the hot paths cost without
#              this issue's work): GET /healthz, POST /v1/collect with 1 and with BATCH events;
#   server B — rate limits on (limits set high enough that nothing is refused, so every request
#              pays for its buckets) and collected page URLs and referrers screened: the same three,
#              then GET /v1/risk/urls/check?url= over a mix of URLs — target ≥ 50 % of B's /healthz.
# The collect ratios of A and B side by side show what the rate limiter and URL screening cost.
#
# Usage: scripts/measure-risk.sh            (builds first)
#        SKIP_BUILD=1 scripts/measure-risk.sh
# Knobs: WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (10s), BATCH (100).
# Needs: curl, wrk (Debian: apt-get install -y wrk), python3.
set -euo pipefail

WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
WRK_DURATION="${WRK_DURATION:-10s}"
BATCH="${BATCH:-100}"

NAME=measure-risk
# shellcheck source=scripts/measure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure-common.sh"
LUA="$ROOT/scripts/wrk"
export CUSTODIAN_MASTER_KEY
CUSTODIAN_MASTER_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
export CUSTODIAN_LOG_LEVEL=warning
export CUSTODIAN_PROTECTED_DOMAINS=paypal.com,example-bank.co.uk
DATA="$WORK/data"

start_server() {
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    env "$@" "$BIN" serve --data "$DATA" --host 127.0.0.1 --port "$PORT" >>"$WORK/server.out" 2>>"$WORK/server.err" &
    SERVER_PID=$!
    local deadline=$(( $(date +%s) + 30 ))
    until curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "$NAME: the server exited:" >&2; tail -20 "$WORK/server.err" >&2; exit 1; }
        (( $(date +%s) < deadline )) || { echo "$NAME: not ready after 30 s" >&2; exit 1; }
        sleep 0.05
    done
}

stop_server() {
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

declare -A RPS P99 NON2XX
ROWS=()
run_wrk() {
    local row="$1" path="$2"
    shift 2
    local out="$WORK/wrk-${#ROWS[@]}.txt" script=()
    if (( $# > 0 )); then
        script=(-s "$LUA/$1")
        shift
    fi
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency "${script[@]}" "$BASE$path" -- "$@" >"$out"
    echo "--- $row" >&2
    cat "$out" >&2
    ROWS+=("$row")
    RPS[$row]="$(awk '/^Requests\/sec:/ { printf "%.2f", $2 }' "$out")"
    P99[$row]="$(awk '$1 == "99%" { print $2 }' "$out")"
    NON2XX[$row]="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
    NON2XX[$row]="${NON2XX[$row]:-0}"
}

KEY="$("$BIN" apikey create --data "$DATA" --name load --scopes collect,decide)"

start_server CUSTODIAN_RATE_LIMIT_IP=off CUSTODIAN_RATE_LIMIT_KEY=off CUSTODIAN_RATE_LIMIT_FORMS=off CUSTODIAN_SCREEN_COLLECTED_URLS=false
echo "A (limits off, collected URLs not screened): $BASE, PID $SERVER_PID" >&2
run_wrk "A GET /healthz" /healthz
run_wrk "A POST /v1/collect, 1 event" /v1/collect collect.lua "$KEY" 1
run_wrk "A POST /v1/collect, $BATCH events" /v1/collect collect.lua "$KEY" "$BATCH"
stop_server

start_server CUSTODIAN_RATE_LIMIT_IP=10000000/s CUSTODIAN_RATE_LIMIT_KEY=10000000/s CUSTODIAN_SCREEN_COLLECTED_URLS=true
echo "B (limits on, collected URLs screened): $BASE, PID $SERVER_PID" >&2
curl -fsS "$BASE/v1/risk/urls/check?url=https%3A%2F%2Fxn--pypal-4ve.com%2F" -H "Authorization: Bearer $KEY" >&2
echo >&2
run_wrk "B GET /healthz" /healthz
run_wrk "B POST /v1/collect, 1 event" /v1/collect collect.lua "$KEY" 1
run_wrk "B POST /v1/collect, $BATCH events" /v1/collect collect.lua "$KEY" "$BATCH"
run_wrk "B GET /v1/risk/urls/check" /v1/risk/urls/check urlcheck.lua "$KEY"
stop_server

echo
echo "| run | requests/s | × same server's GET /healthz | p99 | non-2xx | target |"
echo "|---|---:|---:|---:|---:|---|"
for row in "${ROWS[@]}"; do
    server="${row%% *}"
    base="${RPS[$server GET /healthz]}"
    ratio="$(python3 -c "print(f'{${RPS[$row]} / $base:.2f}')")"
    target=""
    [[ "$row" == *check* ]] && target="$(python3 -c "print('≥ 0.50 ×: ' + ('met' if ${RPS[$row]} / $base >= 0.50 else 'missed'))")"
    echo "| $row | ${RPS[$row]} | $ratio | ${P99[$row]} | ${NON2XX[$row]} | $target |"
done
