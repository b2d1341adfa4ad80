#!/usr/bin/env bash
# Writes the demo portal's config (var/ckan.ini) once, with secrets of its own, and
# brings a database up to date: CKAN core, ckanext-harvest and this extension.
# Usage: configure.sh portal|test
source "$(dirname "$0")/lib.sh"

write_portal_ini() {
    local ini="$VAR/ckan.ini"
    [ -f "$ini" ] && return
    log "writing var/ckan.ini with fresh secrets"
    local secret jwt
    secret="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
    jwt="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
    cat > "$ini" <<INI
# The demo portal's configuration, written by scripts/configure.sh (git-ignored:
# it holds this machine's secrets). Shared settings live in config/common.ini.
[app:main]
use = config:../config/common.ini
debug = false
ckan.site_url = http://127.0.0.1:$WEB_PORT
ckan.site_id = chervonohrad-demo
sqlalchemy.url = postgresql://ckan:ckan@127.0.0.1:$PG_PORT/ckan
solr_url = http://127.0.0.1:$SOLR_PORT/solr/ckan
ckan.redis.url = redis://127.0.0.1:$REDIS_PORT/0
ckan.harvest.mq.redis_db = 0
ckan.storage_path = %(here)s/storage
SECRET_KEY = $secret
api_token.jwt.encode.secret = string:$jwt
api_token.jwt.decode.secret = string:$jwt

[loggers]
keys = root, ckan, ckanext, werkzeug

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[logger_werkzeug]
level = WARNING
handlers = console
qualname = werkzeug
propagate = 0

[logger_ckan]
level = INFO
handlers = console
qualname = ckan
propagate = 0

[logger_ckanext]
level = INFO
handlers = console
qualname = ckanext
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
INI
}

migrate() {
    local ini="$1"
    log "migrating $(basename "$ini"): CKAN core and every plugin with migrations (activity, harvest, chervonohrad)"
    # `db upgrade` without -p runs core's migrations, then each enabled plugin's pending ones.
    "$CKAN" -c "$ini" db upgrade >"$LOG_DIR/db-init.log" 2>&1 || die "ckan db upgrade failed, see var/log/db-init.log"
}

# The parallel suite (make test runs pytest -n N): worker gwI runs under var/test-gwI.ini, which is
# test.ini with a database, Solr core, Redis database, SMTP sink port and storage of its own
# (the suite's conftest points each xdist worker at its file). Redis databases 2-5 are free:
# the demo has 0, test.ini 1, the source portal 6, helpers' environments 8-15.
DEFAULT_TEST_WORKERS=4
MAX_TEST_WORKERS=4

write_worker_ini() {
    local i="$1" ini="$VAR/test-gw$1.ini"
    cat > "$ini.tmp" <<INI
# Written by scripts/configure.sh test: test.ini for the parallel suite's worker gw$i.
[app:main]
use = config:../test.ini
sqlalchemy.url = postgresql://ckan:ckan@127.0.0.1:$PG_PORT/ckan_test_gw$i
solr_url = http://127.0.0.1:$SOLR_PORT/solr/ckan_test_gw$i
ckan.redis.url = redis://127.0.0.1:$REDIS_PORT/$((2 + i))
ckan.harvest.mq.redis_db = $((2 + i))
smtp.server = 127.0.0.1:$((25270 + i))
ckan.storage_path = %(here)s/test-gw$i-storage

INI
    # Logging sections are not inherited through `use = config:`.
    sed -n '/^\[loggers\]/,$p' "$ROOT/test.ini" >> "$ini.tmp"
    mv "$ini.tmp" "$ini"
    mkdir -p "$VAR/test-gw$i-storage"
}

test_workers() {
    local n="$1" i pids=() failed=0
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -le "$MAX_TEST_WORKERS" ] \
        || die "CHERVONOHRAD_TEST_WORKERS must be 0..$MAX_TEST_WORKERS (Redis databases 2-5)"
    [ "$n" -gt 0 ] || return 0
    bash "$ROOT/scripts/services.sh" test-workers "$n"
    log "migrating the $n test workers' databases (var/test-gw0..$((n - 1)).ini)"
    for ((i = 0; i < n; i++)); do
        write_worker_ini "$i"
        "$CKAN" -c "$VAR/test-gw$i.ini" db upgrade >"$LOG_DIR/db-init-gw$i.log" 2>&1 &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || { warn "ckan db upgrade failed for worker gw$i, see var/log/db-init-gw$i.log"; failed=1; }
    done
    [ "$failed" = 0 ] || die "the test workers' databases could not be migrated"
}

case "${1:-portal}" in
    portal)
        write_portal_ini
        mkdir -p "$VAR/storage"
        migrate "$VAR/ckan.ini" ;;
    test)
        mkdir -p "$VAR/test-storage"
        migrate "$ROOT/test.ini"
        test_workers "${CHERVONOHRAD_TEST_WORKERS:-$DEFAULT_TEST_WORKERS}" ;;
    *) die "usage: configure.sh portal|test" ;;
esac
