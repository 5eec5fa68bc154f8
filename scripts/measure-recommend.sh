#!/usr/bin/env bash
# Recommendation figures for the release `custodian serve`, against 127.0.0.1 only:
#   1. load: `custodian demo` fills a data folder (the bulk path: people registered, items created
#      and browsing collected in-process through the real code) with ITEMS catalogue items and
#      about EVENTS events; the time it took and what it made;
#   2. start-up: the time from start to the first recommendation answer (the model is built from
#      the store; until then the endpoint answers 503), and the server's RSS afterwards;
#   3. GET /healthz (the baseline) and GET /v1/people/{id}/recommendations?limit=10 round-robin
#      over every demo person, in the same run — target p99 < 5 ms; the ratio of their req/s;
#   4. POST /v1/collect with batches of BATCH page views by demo people of catalogue items while
#      the model learns them — the ingest rate, and from /metrics how many views the model learned
#      and how many it dropped (target: none dropped, i.e. the model keeps up with ingest).
#
# Usage: scripts/measure-recommend.sh             (builds first)
#        SKIP_BUILD=1 scripts/measure-recommend.sh
# Knobs: PEOPLE (20000), ITEMS (100000), SESSIONS (5.7 per person: about 1M events), DAYS (120),
#        WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (10s), BATCH (100), KEEP_DATA (unset).
# Needs: curl, wrk (Debian: apt-get install -y wrk), python3.
set -euo pipefail

PEOPLE="${PEOPLE:-20000}"
ITEMS="${ITEMS:-100000}"
SESSIONS="${SESSIONS:-5.7}"
DAYS="${DAYS:-120}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
WRK_DURATION="${WRK_DURATION:-10s}"
BATCH="${BATCH:-100}"

NAME=measure-recommend
# shellcheck source=scripts/measure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure-common.sh"
LUA="$ROOT/scripts/wrk"
export CUSTODIAN_MASTER_KEY
CUSTODIAN_MASTER_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
export CUSTODIAN_LOG_LEVEL=warning
DATA="${KEEP_DATA:-$WORK/data}"

elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }
now() { date +%s.%N; }

# ---- 1. Load -------------------------------------------------------------------------------
if [[ ! -f "$DATA/manifest.json" ]]; then
    echo "loading: $PEOPLE people, $ITEMS items, $SESSIONS sessions per person over $DAYS days…" >&2
    started="$(now)"
    "$BIN" demo --data "$DATA" --people "$PEOPLE" --items "$ITEMS" --sessions "$SESSIONS" --days "$DAYS" \
        --manifest "$DATA/manifest.json" >"$WORK/demo.txt"
    LOAD_SECONDS="$(elapsed "$started" "$(now)")"
    cat "$WORK/demo.txt" >&2
else
    LOAD_SECONDS="(reused $DATA)"
fi
python3 - "$DATA/manifest.json" "$WORK" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
open(sys.argv[2] + "/ids.txt", "w").write("\n".join(manifest["people"]) + "\n")
open(sys.argv[2] + "/counts.txt", "w").write(f'{manifest["events"]} {manifest["items"]} {len(manifest["people"])}\n')
PY
read -r EVENTS LOADED_ITEMS LOADED_PEOPLE <"$WORK/counts.txt"
KEY="$("$BIN" apikey create --data "$DATA" --name load --scopes people,collect,admin --service daily-web)"

# ---- 2. Start-up: the model is built from the store ------------------------------------------
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
FIRST="$(head -n 1 "$WORK/ids.txt")"
started="$(now)"
"$BIN" serve --data "$DATA" --host 127.0.0.1 --port "$PORT" >>"$WORK/server.out" 2>>"$WORK/server.err" &
SERVER_PID=$!
deadline=$(( $(date +%s) + 600 ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/v1/people/$FIRST/recommendations" -H "Authorization: Bearer $KEY")" == 200 ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "$NAME: the server exited:" >&2; tail -20 "$WORK/server.err" >&2; exit 1; }
    (( $(date +%s) < deadline )) || { echo "$NAME: no model after 600 s" >&2; exit 1; }
    sleep 0.1
done
READY_SECONDS="$(elapsed "$started" "$(now)")"
RSS_KB="$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")"
grep -h "recommendation model built" "$WORK/server.err" >&2 || true
curl -fsS "$BASE/v1/people/$FIRST/recommendations?limit=3" -H "Authorization: Bearer $KEY" >&2
echo >&2

# The share of people whose list is personalised (a sample of 200).
PERSONALISED="$(head -n 200 "$WORK/ids.txt" | while read -r id; do
    curl -fsS "$BASE/v1/people/$id/recommendations?limit=1" -H "Authorization: Bearer $KEY" | grep -c '"personalized":true' || true
done | awk '{ s += $1 } END { print s }')"

# ---- 3. Reads ------------------------------------------------------------------------------
declare -A RPS P50 P99 NON2XX
run_wrk() {
    local row="$1" path="$2"
    shift 2
    local out="$WORK/wrk-${row//[^A-Za-z0-9]/_}.txt" script=()
    if (( $# > 0 )); then script=(-s "$LUA/$1"); shift; fi
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency "${script[@]}" "$BASE$path" -- "$@" >"$out"
    echo "--- $row" >&2
    cat "$out" >&2
    RPS[$row]="$(awk '/^Requests\/sec:/ { printf "%.2f", $2 }' "$out")"
    P50[$row]="$(awk '$1 == "50%" { print $2 }' "$out")"
    P99[$row]="$(awk '$1 == "99%" { print $2 }' "$out")"
    NON2XX[$row]="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
    NON2XX[$row]="${NON2XX[$row]:-0}"
}
run_wrk healthz /healthz
run_wrk recommendations /v1/people recommendations.lua "$WORK/ids.txt" "$KEY"

# ---- 4. Ingest while the model learns --------------------------------------------------------
metric() { curl -fsS "$BASE/metrics" | awk -v name="$1" '$1 == name { v = $2 } END { printf "%d", v + 0 }'; }
python3 - "$BASE" "$KEY" "$WORK/urls.txt" <<'PY'
import json, sys, urllib.request
base, key, out = sys.argv[1:4]
urls, cursor = [], None
while len(urls) < 2000:
    url = base + "/v1/catalog/items?limit=200" + (f"&cursor={cursor}" if cursor else "")
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": "Bearer " + key})))
    urls += [item["url"] for item in page["items"]]
    cursor = page.get("next")
    if not cursor:
        break
open(out, "w").write("\n".join(urls) + "\n")
PY
LEARNED_BEFORE="$(metric custodian_recommendation_views_learned_total)"
DROPPED_BEFORE="$(metric custodian_recommendation_views_dropped_total)"
ACCEPTED_BEFORE="$(metric custodian_events_accepted_total)"
run_wrk collect /v1/collect collect-views.lua "$KEY" "$BATCH" "$WORK/ids.txt" "$WORK/urls.txt"
sleep 2
LEARNED="$(( $(metric custodian_recommendation_views_learned_total) - LEARNED_BEFORE ))"
DROPPED="$(( $(metric custodian_recommendation_views_dropped_total) - DROPPED_BEFORE ))"
ACCEPTED="$(( $(metric custodian_events_accepted_total) - ACCEPTED_BEFORE ))"
DEPTH="$(metric custodian_recommendation_queue_depth)"

# ---- Table ---------------------------------------------------------------------------------
to_ms() { awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : 0; printf "%.2f", v * f }'; }
echo
echo "Loaded $EVENTS events, $LOADED_ITEMS items, $LOADED_PEOPLE people in $LOAD_SECONDS s; first recommendation $READY_SECONDS s after start; RSS then $(python3 -c "print(f'{$RSS_KB / 1024:.1f}')") MiB; $PERSONALISED of 200 sampled people personalised."
echo
echo "| run | requests/s | × GET /healthz | p50 | p99 | non-2xx | target |"
echo "|---|---:|---:|---:|---:|---:|---|"
for row in healthz recommendations; do
    ratio="$(python3 -c "print(f'{${RPS[$row]} / ${RPS[healthz]}:.2f}')")"
    p99ms="$(echo "${P99[$row]}" | to_ms)"
    target=""
    [[ "$row" == recommendations ]] && target="p99 < 5 ms: $(python3 -c "print('met' if $p99ms < 5 else 'missed')")"
    label="GET /healthz"
    [[ "$row" == recommendations ]] && label="GET /v1/people/{id}/recommendations?limit=10"
    echo "| $label | ${RPS[$row]} | $ratio | ${P50[$row]} | ${P99[$row]} | ${NON2XX[$row]} | $target |"
done
events_per_s="$(python3 -c "print(f'{${RPS[collect]} * $BATCH:,.0f}')")"
echo "| POST /v1/collect, $BATCH views | ${RPS[collect]} ($events_per_s events/s) | | ${P50[collect]} | ${P99[collect]} | ${NON2XX[collect]} | |"
echo
echo "During the ingest run: $ACCEPTED events accepted, $LEARNED views learned by the model, $DROPPED dropped, $DEPTH waiting 2 s after (target: none dropped: $([[ "$DROPPED" == 0 ]] && echo met || echo missed))."
