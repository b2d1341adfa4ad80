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

case "${1:-portal}" in
    portal)
        write_portal_ini
        mkdir -p "$VAR/storage"
        migrate "$VAR/ckan.ini" ;;
    test)
        mkdir -p "$VAR/test-storage"
        migrate "$ROOT/test.ini" ;;
    *) die "usage: configure.sh portal|test" ;;
esac
