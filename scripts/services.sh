#!/usr/bin/env bash
# Starts, stops and reports the services the portal needs: PostgreSQL, Redis and Solr,
# plus (with `start web`) the CKAN web server and a background-jobs worker.
# Usage: services.sh start|stop|status [postgres|redis|solr|mail|web|worker|scheduler ...]
#        services.sh test-workers N   (databases and Solr cores of the parallel suite's N workers)
# Idempotent: starting a running service does nothing; stop only touches processes
# whose pid files this project wrote under var/run.
source "$(dirname "$0")/lib.sh"

PG_DATA="$VAR/postgres"
PG_USER=postgres   # initdb refuses to run as root, so the cluster runs as Debian's postgres user
DB_USER=ckan
DB_PASSWORD=ckan

as_pg() { runuser -u "$PG_USER" -- "$@"; }
psql_admin() { as_pg "$PG_BIN/psql" -h "$RUN_DIR" -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

start_postgres() {
    [ -n "$PG_BIN" ] || die "PostgreSQL is not installed (run make install)"
    if [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        log "postgres already running on 127.0.0.1:$PG_PORT"
    else
        port_busy "$PG_PORT" && die "postgres: port $PG_PORT is busy with a process this project did not start"
        chown "$PG_USER" "$RUN_DIR"
        if [ ! -f "$PG_DATA/PG_VERSION" ]; then
            runuser -u "$PG_USER" -- test -x "$VAR" \
                || die "postgres: user $PG_USER cannot reach $VAR (make the repo's parent folders world-executable)"
            install -d -o "$PG_USER" -m 700 "$PG_DATA"
            log "postgres: creating a cluster in var/postgres"
            as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" -E UTF8 --locale=C.UTF-8 -A trust >"$LOG_DIR/initdb.log" 2>&1 \
                || die "postgres: initdb failed, see var/log/initdb.log"
        fi
        touch "$LOG_DIR/postgres.log" && chown "$PG_USER" "$LOG_DIR/postgres.log"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RUN_DIR -c fsync=off -c full_page_writes=off" >/dev/null \
            || die "postgres did not start, see var/log/postgres.log"
        log "postgres is up on 127.0.0.1:$PG_PORT"
    fi
    ensure_databases
}

ensure_databases() {
    if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" ]; then
        psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
    fi
    local db
    # ckan_source / ckan_source_test: the second, stock CKAN that harvesting is demonstrated and tested
    # against (config/source-portal.ini, scripts/source-portal.sh). ckan_bench: the oblast at scale
    # (bench/oblast.py resets it; bench/oblast.ini). ckan_stock_test: a portal made by stock CKAN
    # alone, which the adoption tests then bring under this extension (tests/stock_portal).
    # ckan_upgrade_test: a portal made on CKAN 2.11 and upgraded to 2.12 (tests/upgrade).
    for db in ckan ckan_test ckan_bench ckan_source ckan_source_test ckan_stock_test ckan_upgrade_test; do
        follow_ckan_version "$db"
        if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$db'")" ]; then
            psql_admin -c "CREATE DATABASE $db OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0"
            log "postgres: created database $db"
        fi
        echo "$CKAN_VERSION" > "$VAR/stamps/db-$db"
    done
}

# follow_ckan_version DB: a database last migrated by another CKAN version (var/stamps/db-DB;
# databases older than the stamps were made by 2.11) is made ready for this one. Moving up, the
# demo portal's database stays: `ckan db upgrade` migrates it as it would a real portal's. Every
# other database (the suite's, the benches', the source portals') holds nothing worth keeping and
# is made again, as is the demo's when moving down (an older CKAN cannot read a newer schema).
follow_ckan_version() {
    local db="$1" stamp="$VAR/stamps/db-$1" was i
    mkdir -p "$VAR/stamps"
    [ -n "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$db'")" ] || return 0
    was="$(cat "$stamp" 2>/dev/null || echo 2.11)"
    [ "$was" != "$CKAN_VERSION" ] || return 0
    if [ "$db" = ckan ] && [ "$(printf '%s\n' "$was" "$CKAN_VERSION" | sort -V | tail -n 1)" = "$CKAN_VERSION" ]; then
        log "postgres: the demo database moves from CKAN $was to $CKAN_VERSION (ckan db upgrade migrates it)"
        return 0
    fi
    [ "$db" != ckan ] || warn "postgres: the demo database was migrated by CKAN $was, which $CKAN_VERSION cannot read: it is made again (make demo reloads the demo data)"
    psql_admin -c "DROP DATABASE $db WITH (FORCE)"
    if [ "$db" = ckan_test ]; then
        for i in $(psql_admin -c "SELECT datname FROM pg_database WHERE datname LIKE 'ckan\_test\_gw%'"); do
            psql_admin -c "DROP DATABASE $i WITH (FORCE)"
        done
    fi
    log "postgres: dropped database $db (CKAN $was), to be made again for CKAN $CKAN_VERSION"
}

# The parallel test suite (pytest -n N, see scripts/configure.sh test): worker gwI gets database
# ckan_test_gwI, made as a copy of the migrated ckan_test (an empty one when ckan_test is in use;
# configure.sh migrates each), and Solr core ckan_test_gwI with ckan_test's configuration.
ensure_test_workers() {
    local n="$1" i db
    [ -n "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='ckan_test'")" ] \
        || die "postgres: database ckan_test is missing (run make services)"
    for ((i = 0; i < n; i++)); do
        db="ckan_test_gw$i"
        [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$db'")" ] || continue
        if ! psql_admin -c "CREATE DATABASE $db OWNER $DB_USER TEMPLATE ckan_test" 2>/dev/null; then
            psql_admin -c "CREATE DATABASE $db OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0"
        fi
        log "postgres: created database $db"
    done
    for ((i = 0; i < n; i++)); do ensure_worker_core "ckan_test_gw$i"; done
}

solr_cores() { curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=$1&wt=json&${2:-}" >/dev/null; }

ensure_worker_core() {
    local core="$1" home="$VAR/solr" changed=0
    [ -d "$home/ckan_test/conf" ] || die "solr: $home/ckan_test/conf is missing (run make services)"
    if ! diff -rq "$home/ckan_test/conf" "$home/$core/conf" >/dev/null 2>&1; then
        rm -rf "$home/$core/conf" && mkdir -p "$home/$core" && cp -r "$home/ckan_test/conf" "$home/$core/conf"
        changed=1
    fi
    # A core Solr found in its home when it started may still be loading.
    [ -f "$home/$core/core.properties" ] && wait_for 60 "solr core $core" solr_ping "$core" >/dev/null
    if solr_ping "$core" 2>/dev/null; then
        [ "$changed" = 0 ] || solr_cores RELOAD "core=$core" || die "solr: could not reload core $core"
    else
        rm -f "$home/$core/core.properties"
        solr_cores CREATE "name=$core&instanceDir=$core" || die "solr: could not create core $core"
        log "solr: created core $core"
    fi
}

stop_postgres() {
    if [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
        log "postgres stopped"
    else
        log "postgres not running"
    fi
}

start_redis() {
    command -v redis-server >/dev/null || die "Redis is not installed (run make install)"
    if pid_alive "$RUN_DIR/redis.pid"; then
        log "redis already running on 127.0.0.1:$REDIS_PORT"
        return
    fi
    port_busy "$REDIS_PORT" && die "redis: port $REDIS_PORT is busy with a process this project did not start"
    mkdir -p "$VAR/redis"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$VAR/redis" --daemonize yes \
        --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" --save "" --appendonly no \
        || die "redis did not start, see var/log/redis.log"
    wait_for 20 "redis on 127.0.0.1:$REDIS_PORT" redis-cli -p "$REDIS_PORT" ping \
        || die "redis did not answer PING, see var/log/redis.log"
}


# Lays out the Solr home under var/solr: solr.xml, and the cores `ckan` (portal), `ckan_test`
# (tests) and `ckan_bench` (benchmarks at scale) with the configset the package ships
# (ckanext/chervonohrad/solr: our solrconfig.xml and a schema derived from the installed CKAN's own
# schema.xml, Ukrainian analysis, same name and version, so CKAN's schema check passes), plus
# `ckan_stock` and `ckan_source` with CKAN's schema unchanged.
prepare_solr_home() {
    local home="$VAR/solr"
    mkdir -p "$home"
    cp "$ROOT/solr/home/solr.xml" "$home/solr.xml"
    local core stock
    for core in ckan ckan_test ckan_bench ckan_stock ckan_source; do
        stock=()
        # CKAN's schema as shipped: the baseline of bench/search, and the harvest source portal's.
        if [ "$core" = ckan_stock ] || [ "$core" = ckan_source ]; then stock=(--stock); fi
        "$PY" -m ckanext.chervonohrad.solr.configset --force "${stock[@]}" "$home/$core" \
            || die "solr: could not write the configset of core $core"
        printf 'name=%s\n' "$core" > "$home/$core/core.properties"
    done
}

# The cores' schemas are derived from the installed CKAN's (its name and version, which CKAN
# checks): a Solr started for another CKAN version (var/stamps/solr-schema) gets them written
# again and its cores reloaded. The workers' cores follow ckan_test's (ensure_worker_core).
follow_solr_schema() {
    local stamp="$VAR/stamps/solr-schema" was core
    was="$(cat "$stamp" 2>/dev/null || echo 2.11)"
    [ "$was" != "$CKAN_VERSION" ] || return 0
    prepare_solr_home
    for core in ckan ckan_test ckan_bench ckan_stock ckan_source; do
        solr_cores RELOAD "core=$core" || die "solr: could not reload core $core with CKAN $CKAN_VERSION's schema"
    done
    echo "$CKAN_VERSION" > "$stamp"
    log "solr: the cores' schemas follow CKAN $was → $CKAN_VERSION (reloaded)"
}

solr_ping() { curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/$1/admin/ping" | grep -q '"status":"OK"'; }

# A benchmark of a large index may want the server defaults back (CHERVONOHRAD_SOLR_JVM_OPTS).
SOLR_JVM_OPTS="${CHERVONOHRAD_SOLR_JVM_OPTS:-$QUICK_JVM_OPTS}"

start_solr() {
    if pid_alive "$RUN_DIR/solr.pid"; then
        log "solr already running on 127.0.0.1:$SOLR_PORT"
        follow_solr_schema
        return
    fi
    command -v java >/dev/null || die "solr: Java is missing (run make install)"
    [ -f "$ROOT/solr/lib/solr-core-9.10.1.jar" ] || die "solr: jars missing under solr/lib (run make install)"
    port_busy "$SOLR_PORT" && die "solr: port $SOLR_PORT is busy with a process this project did not start"
    prepare_solr_home
    mkdir -p "$VAR/stamps" && echo "$CKAN_VERSION" > "$VAR/stamps/solr-schema"
    (
        cd "$VAR/solr"
        # JettySolrRunner.main() serves the current directory as the Solr home at /solr.
        # $SOLR_JVM_OPTS unquoted: it is a list of options.
        exec java $SOLR_JVM_OPTS -Xms256m -Xmx${CHERVONOHRAD_SOLR_HEAP:-768m} \
            -Dhost=127.0.0.1 -Djetty.host=127.0.0.1 -Dsolr.install.dir="$ROOT/solr" \
            -Dsolr.log.dir="$LOG_DIR" -Dlog4j2.formatMsgNoLookups=true \
            -Dsolr.disable.shardsWhitelist=true \
            -cp "$ROOT/solr/lib/*" org.apache.solr.embedded.JettySolrRunner
    ) >"$LOG_DIR/solr.log" 2>&1 &
    echo $! > "$RUN_DIR/solr.pid"
    wait_for 120 "solr on 127.0.0.1:$SOLR_PORT" solr_ping ckan || {
        stop_pidfile solr
        die "solr did not answer /solr/ckan/admin/ping within 120 s, see var/log/solr.log"
    }
    # The other cores load in parallel and may still be loading when `ckan` answers.
    local core
    for core in ckan_test ckan_bench ckan_stock ckan_source; do
        wait_for 90 "solr core $core" solr_ping "$core" \
            || die "solr: core $core does not answer, see var/log/solr.log"
    done
}

# The portal through gunicorn (deploy/gunicorn.conf.py: WEB_WORKERS processes, static files by
# WhiteNoise); WEB_SERVER=dev serves it with CKAN's development server instead (`make dev`).
start_web() {
    if pid_alive "$RUN_DIR/web.pid"; then
        stop_pidfile web
    fi
    port_busy "$WEB_PORT" && die "web: port $WEB_PORT is busy with a process this project did not start"
    if [ "${WEB_SERVER:-gunicorn}" = dev ]; then
        "$CKAN" -c "$VAR/ckan.ini" run -H 127.0.0.1 -p "$WEB_PORT" --disable-reloader --threaded \
            >"$LOG_DIR/web.log" 2>&1 &
    else
        # The webassets built before the workers start, so WhiteNoise finds them all.
        "$CKAN" -c "$VAR/ckan.ini" asset build >"$LOG_DIR/web.log" 2>&1 || die "web: ckan asset build failed, see var/log/web.log"
        # …and compressed beside themselves (name.css.gz), which WhiteNoise sends to browsers that accept them.
        "$PY" -m whitenoise.compress -q "$VAR/storage/webassets" >>"$LOG_DIR/web.log" 2>&1 || true
        CKAN_INI="$VAR/ckan.ini" WEB_BIND="127.0.0.1:$WEB_PORT" WEB_ACCESS_LOG="$LOG_DIR/web-access.log" \
            "$VENV/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" >>"$LOG_DIR/web.log" 2>&1 &
    fi
    echo $! > "$RUN_DIR/web.pid"
    wait_for 90 "portal on http://127.0.0.1:$WEB_PORT (${WEB_SERVER:-gunicorn})" curl -fsS "http://127.0.0.1:$WEB_PORT/api/3/action/status_show" || {
        stop_pidfile web
        die "web: the portal did not answer within 90 s, see var/log/web.log"
    }
}

# The demo's SMTP sink: aiosmtpd (a pinned dev dependency) prints each message it
# receives to var/log/mail.log, so a person can read what the portal sent.
MAIL_PORT=25251

start_mail() {
    if pid_alive "$RUN_DIR/mail.pid"; then
        log "mail sink already running on 127.0.0.1:$MAIL_PORT"
        return
    fi
    port_busy "$MAIL_PORT" && die "mail: port $MAIL_PORT is busy with a process this project did not start"
    "$PY" -u -m aiosmtpd -n -c aiosmtpd.handlers.Debugging -l "127.0.0.1:$MAIL_PORT" >>"$LOG_DIR/mail.log" 2>&1 &
    echo $! > "$RUN_DIR/mail.pid"
    wait_for 20 "mail sink on 127.0.0.1:$MAIL_PORT (var/log/mail.log)" port_busy "$MAIL_PORT" \
        || die "mail: the SMTP sink did not start, see var/log/mail.log"
}

# Two jobs workers on the queues of common/jobs.py: `worker` takes every queue (urgent first),
# `worker-urgent` never starts a long job, so an email never waits behind a night's rescore.
start_worker() {
    local name queues
    for name in worker worker-urgent; do
        pid_alive "$RUN_DIR/$name.pid" && stop_pidfile "$name"
        queues="urgent default long"
        [ "$name" = worker-urgent ] && queues="urgent default"
        # shellcheck disable=SC2086
        "$CKAN" -c "$VAR/ckan.ini" jobs worker $queues >"$LOG_DIR/$name.log" 2>&1 &
        echo $! > "$RUN_DIR/$name.pid"
        log "background-jobs $name started on the queues $queues (var/log/$name.log)"
    done
}

# The one scheduler (reminders, nightly rescore, retention, quarterly snapshot): README "Scheduler".
start_scheduler() {
    pid_alive "$RUN_DIR/scheduler.pid" && stop_pidfile scheduler
    "$CKAN" -c "$VAR/ckan.ini" chervonohrad schedule >"$LOG_DIR/scheduler.log" 2>&1 &
    echo $! > "$RUN_DIR/scheduler.pid"
    log "scheduler started (var/log/scheduler.log)"
}

status_of() {
    case "$1" in
        postgres) [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 ;;
        redis) pid_alive "$RUN_DIR/redis.pid" && redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 ;;
        solr) pid_alive "$RUN_DIR/solr.pid" && solr_ping ckan ;;
        web|worker|worker-urgent|scheduler|mail) pid_alive "$RUN_DIR/$1.pid" ;;
    esac
}

action="${1:-status}"; shift || true
services=("$@")
if [ ${#services[@]} -eq 0 ]; then
    case "$action" in
        stop) services=(web worker worker-urgent scheduler mail solr redis postgres) ;;
        *) services=(postgres redis solr) ;;
    esac
fi

case "$action" in
    start)
        for s in "${services[@]}"; do "start_$s"; done ;;
    stop)
        # Stop in reverse order: the web server and worker before what they use.
        for s in web worker worker-urgent scheduler mail solr redis postgres; do
            [[ " ${services[*]} " == *" $s "* ]] || [[ $s == worker-urgent && " ${services[*]} " == *" worker "* ]] || continue
            case "$s" in postgres) stop_postgres ;; *) stop_pidfile "$s" ;; esac
        done ;;
    status)
        rc=0
        for s in postgres redis solr mail web worker worker-urgent scheduler; do
            if status_of "$s"; then echo "$s: running"; else echo "$s: stopped"; [[ " ${services[*]} " == *" $s "* ]] && rc=1; fi
        done
        exit $rc ;;
    test-workers)
        ensure_test_workers "${services[0]:?usage: services.sh test-workers N}" ;;
    *) die "usage: services.sh start|stop|status [postgres|redis|solr|mail|web|worker|scheduler ...] | test-workers N" ;;
esac
