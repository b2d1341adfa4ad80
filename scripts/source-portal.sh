#!/usr/bin/env bash
# The second, stock CKAN that the harvest demo imports from (config/source-portal.ini):
# database ckan_source, Solr core ckan_source (both made by services.sh), http://127.0.0.1:5001.
# Usage: source-portal.sh start|stop|status|seed|reset|demo
#   start  serve it (var/log/source-portal.log); makes the Solr core live if Solr predates it
#   seed   create its publishers and datasets (idempotent; tests/harvest/source_seed.json)
#   reset  empty its database and index (stop it first)
#   demo   start + seed, then a harvest source on the main portal (var/ckan.ini) and one harvest
#          through the queues: the gather and fetch consumers run until `stop`
source "$(dirname "$0")/lib.sh"

SOURCE_INI="$ROOT/config/source-portal.ini"
SOURCE_PORT="${CHERVONOHRAD_SOURCE_PORT:-5001}"
SOURCE_URL="http://127.0.0.1:$SOURCE_PORT"
PORTAL_INI="$VAR/ckan.ini"
HARVEST_SOURCE=sokal-ckan

ensure_core() {
    curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/ckan_source/admin/ping" >/dev/null 2>&1 && return
    curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/ckan/admin/ping" >/dev/null 2>&1 || die "Solr is not running (make services)"
    local core="$VAR/solr/ckan_source"
    # The package's configset with CKAN's schema unchanged (a stock portal's core).
    "$PY" -m ckanext.chervonohrad.solr.configset --force --stock "$core" || die "solr: could not write the configset of ckan_source"
    rm -f "$core/core.properties"
    curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=CREATE&name=ckan_source&instanceDir=$core" >/dev/null \
        || die "solr: could not create the core ckan_source"
    log "solr: core ckan_source created"
}

ensure_db() {
    "$CKAN" -c "$SOURCE_INI" db version >/dev/null 2>&1 && "$CKAN" -c "$SOURCE_INI" user list >/dev/null 2>&1 && return
    log "source portal: initialising database ckan_source"
    "$CKAN" -c "$SOURCE_INI" db init >"$LOG_DIR/source-portal-db.log" 2>&1 || die "ckan db init failed, see var/log/source-portal-db.log"
}

start() {
    pid_alive "$RUN_DIR/source-portal.pid" && { log "source portal already running on $SOURCE_URL"; return; }
    port_busy "$SOURCE_PORT" && die "source portal: port $SOURCE_PORT is busy with a process this project did not start"
    ensure_core
    ensure_db
    mkdir -p "$VAR/source-storage"
    CKAN_SITE_URL="$SOURCE_URL" "$CKAN" -c "$SOURCE_INI" run -H 127.0.0.1 -p "$SOURCE_PORT" --disable-reloader \
        >"$LOG_DIR/source-portal.log" 2>&1 &
    echo $! > "$RUN_DIR/source-portal.pid"
    wait_for 90 "source portal on $SOURCE_URL" curl -fsS "$SOURCE_URL/api/3/action/status_show" \
        || die "the source portal did not answer within 90 s, see var/log/source-portal.log"
}

seed() {
    "$PY" -m tests.harvest.source_portal seed --url "$SOURCE_URL" --ini "$SOURCE_INI"
}

consumers() {
    local kind
    for kind in gather fetch; do
        pid_alive "$RUN_DIR/harvest-$kind.pid" && continue
        "$CKAN" -c "$PORTAL_INI" harvester "$kind-consumer" >"$LOG_DIR/harvest-$kind.log" 2>&1 &
        echo $! > "$RUN_DIR/harvest-$kind.pid"
        log "harvest $kind consumer started (var/log/harvest-$kind.log)"
    done
}

# The harvest source's last job on the portal's API: its status, then its figures.
last_job() {
    curl -fsS "http://127.0.0.1:$WEB_PORT/api/3/action/harvest_source_show?id=$HARVEST_SOURCE" 2>/dev/null | "$PY" -c '
import json, sys
job = json.load(sys.stdin)["result"]["status"].get("last_job") or {}
print(job.get("status", "no job yet"))
print("stats:", json.dumps(job.get("stats", {}), ensure_ascii=False))
for error in job.get("object_error_summary", []):
    print(error.get("error_count"), "x", error.get("message"))
' || echo "the portal at http://127.0.0.1:$WEB_PORT does not answer (make demo)"
}

demo() {
    [ -f "$PORTAL_INI" ] || die "var/ckan.ini is missing: run make demo first"
    start
    seed
    consumers
    if ! "$CKAN" -c "$PORTAL_INI" harvester source show "$HARVEST_SOURCE" >/dev/null 2>&1; then
        "$CKAN" -c "$PORTAL_INI" harvester source create "$HARVEST_SOURCE" "$SOURCE_URL" chervonohrad_ckan \
            "CKAN Сокальської громади" true sokal-vykonkom MANUAL \
            '{"edrpou": ["04056138", "42961313"], "removed_datasets": "delete"}' >/dev/null \
            || die "could not create the harvest source $HARVEST_SOURCE"
        log "harvest source $HARVEST_SOURCE created"
    fi
    # A new job goes onto the gather queue; `harvester run` marks it finished once its objects are done.
    "$CKAN" -c "$PORTAL_INI" harvester job "$HARVEST_SOURCE" >/dev/null 2>&1 || log "a job for $HARVEST_SOURCE is already waiting"
    local n status=""
    for n in $(seq 1 30); do
        sleep 2
        "$CKAN" -c "$PORTAL_INI" harvester run >/dev/null 2>&1 || true
        status="$(last_job | head -n 1)"
        [ "$status" = Finished ] && break
    done
    last_job | sed 's/^/    /'
    echo
    echo "Джерело / source portal:  $SOURCE_URL"
    echo "Збирання / harvest pages: http://127.0.0.1:${WEB_PORT}/harvest/$HARVEST_SOURCE  (log in as admin)"
    echo "Знову / again:            ${CKAN#"$ROOT"/} -c var/ckan.ini harvester job $HARVEST_SOURCE && ${CKAN#"$ROOT"/} -c var/ckan.ini harvester run"
}

case "${1:-status}" in
    start) start ;;
    stop) stop_pidfile harvest-gather; stop_pidfile harvest-fetch; stop_pidfile source-portal ;;
    status) pid_alive "$RUN_DIR/source-portal.pid" && echo "source portal: running ($SOURCE_URL)" || echo "source portal: stopped" ;;
    seed) seed ;;
    reset)
        pid_alive "$RUN_DIR/source-portal.pid" && die "stop the source portal first"
        "$CKAN" -c "$SOURCE_INI" db clean --yes >/dev/null && "$CKAN" -c "$SOURCE_INI" db init >/dev/null \
            && "$CKAN" -c "$SOURCE_INI" search-index clear >/dev/null && log "source portal emptied" ;;
    demo) demo ;;
    *) die "usage: source-portal.sh start|stop|status|seed|reset|demo" ;;
esac
