# Shared by scripts/measure-*.sh: tools, the release binary, a temporary folder, the server's PID.
# Source it after setting NAME (for messages); it sets ROOT, BIN, WORK and SERVER_PID and stops the
# server and removes WORK on exit.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

for tool in curl wrk python3; do
    command -v "$tool" >/dev/null || { echo "$NAME: $tool is required" >&2; exit 2; }
done

cd "$ROOT"
# SCRATCH names another build folder (e.g. .build-release, while tests hold .build).
SCRATCH_ARGS=()
[[ -n "${SCRATCH:-}" ]] && SCRATCH_ARGS=(--scratch-path "$SCRATCH")
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "building custodian (release)…" >&2
    swift build -c release "${SCRATCH_ARGS[@]}" --product custodian >&2
fi
BIN="$(swift build -c release "${SCRATCH_ARGS[@]}" --show-bin-path)/custodian"
[[ -x "$BIN" ]] || { echo "$NAME: $BIN is missing; build it first" >&2; exit 2; }

WORK="$(mktemp -d -t "custodian-$NAME.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Load from one address must not meet the rate limits (defaults: 100/s per address, 30/min on
# forms); they stay on, set high, so every request still pays for its buckets. measure-risk.sh
# sets its own.
export CUSTODIAN_RATE_LIMIT_IP="${CUSTODIAN_RATE_LIMIT_IP:-10000000/s}"
export CUSTODIAN_RATE_LIMIT_KEY="${CUSTODIAN_RATE_LIMIT_KEY:-10000000/s}"
export CUSTODIAN_RATE_LIMIT_FORMS="${CUSTODIAN_RATE_LIMIT_FORMS:-10000000/s}"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
