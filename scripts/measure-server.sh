#!/usr/bin/env bash
# Measures the release `custodian serve` on this machine, against 127.0.0.1 only:
#   - start-up to ready: from exec to the first 200 from /readyz (RUNS starts, median reported);
#   - idle RSS: VmRSS from /proc/PID/status, IDLE_SECONDS after ready, no traffic;
#   - GET /healthz requests/s with wrk (bounded run), at the default log level (info, one log
#     line per request, as deployed) and at CUSTODIAN_LOG_LEVEL=warning.
# Every server runs on SQLite in a temporary data folder and is stopped by its PID.
#
# Usage: scripts/measure-server.sh            (builds first)
#        SKIP_BUILD=1 scripts/measure-server.sh
# Knobs: RUNS (10), IDLE_SECONDS (2), WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (10s).
# Needs: curl, wrk (Debian: apt-get install -y wrk), python3 (to find a free port).
set -euo pipefail

RUNS="${RUNS:-10}"
IDLE_SECONDS="${IDLE_SECONDS:-2}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
WRK_DURATION="${WRK_DURATION:-10s}"

NAME=measure-server
# shellcheck source=scripts/measure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure-common.sh"

now_ns() { date +%s%N; }

# start_server DATA PORT [ENV=VALUE…]: starts the server in the background, sets SERVER_PID.
start_server() {
    local data="$1" port="$2"
    shift 2
    env "$@" "$BIN" serve --data "$data" --host 127.0.0.1 --port "$port" >>"$WORK/server.out" 2>>"$WORK/server.err" &
    SERVER_PID=$!
}

# wait_ready PORT: polls /readyz until it answers 200 (gives up after 30 s).
wait_ready() {
    local port="$1" deadline=$(( $(date +%s) + 30 ))
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "measure-server: the server exited; see its log:" >&2; tail -20 "$WORK/server.err" >&2; exit 1; }
        (( $(date +%s) < deadline )) || { echo "measure-server: not ready after 30 s" >&2; exit 1; }
        sleep 0.002
    done
}

stop_server() {
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# The master key comes from the environment, as a deployment would set it; no key file is made.
KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
DATA="$WORK/data"

# 1. Start-up to ready. The first start creates the database and migrates it; later starts open it.
startups_ms=()
for ((i = 1; i <= RUNS; i++)); do
    port="$(free_port)"
    t0="$(now_ns)"
    start_server "$DATA" "$port" CUSTODIAN_MASTER_KEY="$KEY"
    wait_ready "$port"
    t1="$(now_ns)"
    startups_ms+=("$(( (t1 - t0) / 1000 ))")
    stop_server
done
read -r startup_median startup_min startup_max startup_first < <(
    printf '%s\n' "${startups_ms[@]}" | python3 -c '
import statistics, sys
v = [int(x) / 1000 for x in sys.stdin.read().split()]
print(f"{statistics.median(v):.1f} {min(v):.1f} {max(v):.1f} {v[0]:.1f}")')

# 2. Idle RSS, then 3. GET /healthz with wrk, at each log level.
declare -A rps rss_idle rss_after
for level in info warning; do
    port="$(free_port)"
    start_server "$DATA" "$port" CUSTODIAN_MASTER_KEY="$KEY" CUSTODIAN_LOG_LEVEL="$level"
    wait_ready "$port"
    sleep "$IDLE_SECONDS"
    rss_idle[$level]="$(rss_kib "$SERVER_PID")"
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" "http://127.0.0.1:$port/healthz" >"$WORK/wrk-$level.txt"
    rps[$level]="$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk-$level.txt")"
    rss_after[$level]="$(rss_kib "$SERVER_PID")"
    stop_server
    echo "--- wrk, log level $level" >&2
    cat "$WORK/wrk-$level.txt" >&2
done

mib() { python3 -c "print(f'{$1 / 1024:.1f}')"; }

echo
echo "custodian serve (release, SQLite), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-48s %s\n' "measure" "value"
printf '%-48s %s\n' "start-up to ready, median of $RUNS (ms)" "$startup_median (min $startup_min, max $startup_max; first start, fresh database: $startup_first)"
printf '%-48s %s\n' "idle RSS after start (MiB)" "$(mib "${rss_idle[info]}") (log level info), $(mib "${rss_idle[warning]}") (warning)"
printf '%-48s %s\n' "GET /healthz req/s, log level info" "${rps[info]} (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION)"
printf '%-48s %s\n' "GET /healthz req/s, log level warning" "${rps[warning]} (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION)"
printf '%-48s %s\n' "RSS after the wrk run (MiB)" "$(mib "${rss_after[info]}") (info), $(mib "${rss_after[warning]}") (warning)"
