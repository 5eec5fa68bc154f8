#!/usr/bin/env bash
# Collection throughput for the release `custodian serve`, against 127.0.0.1 only, as ratios to
# GET /healthz (the constant endpoint) measured by the same server in the same run:
#   1. GET /healthz                         — the baseline;
#   2. POST /v1/collect, one event/request  — target ≥ 40 % of the baseline's requests/s;
#   3. POST /v1/collect, BATCH events/request — target ≥ 150k events/s on SQLite, with
#      enrichment (user agent, language, truncated IP, clock skew) and sealing (raw IP, blind
#      index of the anonymous id) — every event is answered only once durable;
#   4. the server's peak RSS while 2 and 3 run — target < 300 MiB.
# Then the same on PostgreSQL when CUSTODIAN_BENCH_POSTGRES_URL names a database (its own
# baseline; the schema is dropped afterwards).
#
# Usage: scripts/measure-collect.sh            (builds first)
#        SKIP_BUILD=1 scripts/measure-collect.sh
# Knobs: WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (10s), BATCH (100),
#        CUSTODIAN_BENCH_POSTGRES_URL (unset: SQLite only).
# Needs: curl, wrk (Debian: apt-get install -y wrk), python3; psql for the PostgreSQL part.
set -euo pipefail

WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
WRK_DURATION="${WRK_DURATION:-10s}"
BATCH="${BATCH:-100}"

NAME=measure-collect
# shellcheck source=scripts/measure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure-common.sh"
LUA="$ROOT/scripts/wrk"
export CUSTODIAN_MASTER_KEY
CUSTODIAN_MASTER_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
export CUSTODIAN_LOG_LEVEL=warning

PG_SCHEMA=""
drop_schema() {
    if [[ -n "$PG_SCHEMA" ]]; then
        psql -q "$CUSTODIAN_BENCH_POSTGRES_URL" -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
    fi
}
trap 'drop_schema; cleanup' EXIT

# start_server DATA [--database URL]: a server on a free port; waits for /readyz.
start_server() {
    local data="$1"
    shift
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    "$BIN" serve --data "$data" --host 127.0.0.1 --port "$PORT" "$@" >>"$WORK/server.out" 2>>"$WORK/server.err" &
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

# Peak RSS of the server, sampled every 0.2 s while a command runs.
PEAK_KB=0
sample_rss() {
    while kill -0 "$SERVER_PID" 2>/dev/null; do
        awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null
        sleep 0.2
    done
}

declare -A RPS P99 NON2XX
ROWS=()
# run_wrk ROW PATH [LUA_SCRIPT ARGS…]
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

# measure ENGINE DATA [--database URL]
measure() {
    local engine="$1" data="$2"
    shift 2
    local key
    key="$("$BIN" apikey create --data "$data" "$@" --name load --scopes collect,admin)"
    start_server "$data" "$@"
    echo "$engine: server on $BASE, PID $SERVER_PID" >&2
    # One of each by hand: a wrong shape fails here, not as 10 s of 4xx.
    curl -fsS -X POST "$BASE/v1/collect" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        --data '{"type":"page","messageId":"warm-up","anonymousId":"a"}' >&2
    echo >&2
    sample_rss >"$WORK/rss-$engine.txt" &
    local sampler=$!
    run_wrk "$engine GET /healthz" /healthz
    run_wrk "$engine POST /v1/collect, 1 event" /v1/collect collect.lua "$key" 1
    run_wrk "$engine POST /v1/collect, $BATCH events" /v1/collect collect.lua "$key" "$BATCH"
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    PEAK[$engine]="$(sort -n "$WORK/rss-$engine.txt" | tail -1)"
    stop_server
}

declare -A PEAK
measure sqlite "$WORK/sqlite"
if [[ -n "${CUSTODIAN_BENCH_POSTGRES_URL:-}" ]]; then
    PG_SCHEMA="bench_$RANDOM$RANDOM"
    psql -q "$CUSTODIAN_BENCH_POSTGRES_URL" -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null
    sep='?'; [[ "$CUSTODIAN_BENCH_POSTGRES_URL" == *\?* ]] && sep='&'
    measure postgres "$WORK/postgres" --database "${CUSTODIAN_BENCH_POSTGRES_URL}${sep}search_path=$PG_SCHEMA"
fi

# ---- Table --------------------------------------------------------------------------------
echo
echo "| run | requests/s | events/s | × GET /healthz (req/s) | p99 | non-2xx | target |"
echo "|---|---:|---:|---:|---:|---:|---|"
for row in "${ROWS[@]}"; do
    engine="${row%% *}"
    base="${RPS[$engine GET /healthz]}"
    per=1
    [[ "$row" == *"$BATCH events"* ]] && per="$BATCH"
    [[ "$row" == *healthz* ]] && per=0
    events="$(python3 -c "print(f'{${RPS[$row]} * $per:,.0f}' if $per else '')")"
    ratio="$(python3 -c "print(f'{${RPS[$row]} / $base:.2f}')")"
    target=""
    case "$row" in
        *"1 event") target="$(python3 -c "print('≥ 0.40 ×: ' + ('met' if ${RPS[$row]} / $base >= 0.40 else 'missed'))")" ;;
        "sqlite POST /v1/collect, $BATCH events") target="$(python3 -c "print('≥ 150,000 events/s: ' + ('met' if ${RPS[$row]} * $BATCH >= 150000 else 'missed'))")" ;;
    esac
    echo "| $row | ${RPS[$row]} | $events | $ratio | ${P99[$row]} | ${NON2XX[$row]} | $target |"
done
echo
for engine in "${!PEAK[@]}"; do
    mib="$(python3 -c "print(f'{${PEAK[$engine]:-0} / 1024:.1f}')")"
    verdict="$(python3 -c "print('met' if ${PEAK[$engine]:-0} / 1024 < 300 else 'missed')")"
    echo "$engine: peak RSS under load $mib MiB (target < 300 MiB: $verdict)"
done
