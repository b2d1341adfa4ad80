# Shared paths and helpers for the project's scripts. Source it; do not run it.
# Every service this project runs keeps its data, logs and pid files under var/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="$ROOT/var"

# The CKAN version everything runs on (make … CKAN=2.11 sets CHERVONOHRAD_CKAN): each supported
# version has its own virtualenv and pins (constraints/ckan-<version>.txt); 2.12 is the default.
SUPPORTED_CKAN=(2.12 2.11)
CKAN_VERSION="${CHERVONOHRAD_CKAN:-2.12}"
case "$CKAN_VERSION" in
    2.12) VENV="$ROOT/.venv" ;;
    2.11) VENV="$ROOT/.venv-2.11" ;;
    *) printf '\033[1;31m[error]\033[0m CKAN=%s is not supported (choose one of: %s)\n' \
        "$CKAN_VERSION" "${SUPPORTED_CKAN[*]}" >&2; exit 2 ;;
esac
CONSTRAINTS="$ROOT/constraints/ckan-$CKAN_VERSION.txt"
PY="$VENV/bin/python"
CKAN="$VENV/bin/ckan"
RUN_DIR="$VAR/run"
LOG_DIR="$VAR/log"

# Ports are the project's own, away from the Debian defaults, so a system
# PostgreSQL or Redis on the same machine is never touched. Solr keeps 8983:
# JettySolrRunner's main() serves there.
PG_PORT="${CHERVONOHRAD_PG_PORT:-55432}"
REDIS_PORT="${CHERVONOHRAD_REDIS_PORT:-56379}"
SOLR_PORT=8983
WEB_PORT="${CHERVONOHRAD_WEB_PORT:-5000}"
# The project's Solr JVMs (the standalone node, the SolrCloud nodes) run with the quick JIT (C1)
# and the serial collector: on a small machine they spend about a third of the CPU the server
# defaults (C2, G1 with its threads) spend on the suite's indexing and searches, and start faster.
QUICK_JVM_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m[warn]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[error]\033[0m %s\n' "$*" >&2; exit 1; }

# port_busy PORT: true when something already listens on 127.0.0.1:PORT.
port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid_alive FILE: true when FILE names a running process.
pid_alive() {
    [ -s "$1" ] && kill -0 "$(head -n 1 "$1")" 2>/dev/null
}

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND until it succeeds.
wait_for() {
    local seconds="$1" what="$2"; shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.5
    done
    log "$what is up"
}

# stamp_fresh NAME FILE...: true when the stamp NAME records the same hash of FILEs.
stamp_fresh() {
    local name="$1"; shift
    [ -f "$VAR/stamps/$name" ] && [ "$(cat "$VAR/stamps/$name")" = "$(cat "$@" | sha256sum)" ]
}
stamp_write() {
    local name="$1"; shift
    mkdir -p "$VAR/stamps"
    cat "$@" | sha256sum > "$VAR/stamps/$name"
}

mkdir -p "$RUN_DIR" "$LOG_DIR"

# stop_pidfile NAME: stop the process var/run/NAME.pid names (TERM, then KILL after 10 s).
stop_pidfile() {
    local name="$1" file="$RUN_DIR/$1.pid"
    if pid_alive "$file"; then
        local pid; pid="$(head -n 1 "$file")"
        kill "$pid"
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        log "$name stopped"
    else
        log "$name not running"
    fi
    rm -f "$file"
}
