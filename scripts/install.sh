#!/usr/bin/env bash
# Installs everything the portal needs on a fresh Debian machine, idempotently:
# system packages (PostgreSQL, Redis, Java, Maven, Chromium, nginx), the Python virtualenv
# with pinned dependencies, and the Solr jars from Maven Central.
# Each step is skipped when its inputs have not changed since it last succeeded.
source "$(dirname "$0")/lib.sh"

install_system_packages() {
    local missing=()
    command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
    command -v mvn >/dev/null || missing+=(maven)
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/postgres" ] || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    [ -e /usr/lib/x86_64-linux-gnu/libmagic.so.1 ] || ldconfig -p | grep -q libmagic.so.1 || missing+=(libmagic1)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
    # Only for the test that checks deploy/nginx/chervonohrad.conf (`nginx -t`, then proxying).
    [ -x /usr/sbin/nginx ] || missing+=(nginx)
    if [ ${#missing[@]} -eq 0 ]; then
        log "system packages present"
        return
    fi
    log "installing system packages: ${missing[*]}"
    [ "$(id -u)" -eq 0 ] || die "installing ${missing[*]} needs root (apt-get)"
    apt-get update -qq || die "apt-get update failed: Debian's package mirror is unreachable"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed"
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
}

install_python() {
    local inputs=(requirements.txt dev-requirements.txt "$CONSTRAINTS" setup.py setup.cfg)
    local stamp="python-$CKAN_VERSION"
    cd "$ROOT"
    if [ -x "$PY" ] && stamp_fresh "$stamp" "${inputs[@]}"; then
        log "python virtualenv for CKAN $CKAN_VERSION up to date ($(basename "$VENV"))"
        return
    fi
    command -v python3.11 >/dev/null || die "python3.11 is missing: this project needs CPython 3.11"
    [ -x "$PY" ] || python3.11 -m venv "$VENV"
    log "installing CKAN $CKAN_VERSION and the pinned Python packages into $(basename "$VENV") (first run takes a few minutes)"
    "$PY" -m pip install -q --disable-pip-version-check pip==24.2 setuptools==69.5.1 wheel==0.44.0
    "$PY" -m pip install -q --disable-pip-version-check -c "$CONSTRAINTS" -r dev-requirements.txt \
        || die "pip install failed: is PyPI reachable?"
    "$PY" -m pip install -q --disable-pip-version-check --no-deps -e . || die "pip install -e . failed"
    # Anything left over from another set of pins (pip never removes) would hide a missing pin.
    "$PY" -m pip check >/dev/null || die "pip check: the installed packages conflict ($("$PY" -m pip check | head -n 3))"
    [ "$("$PY" -c 'import ckan; print(ckan.__version__.rsplit(".", 1)[0])')" = "$CKAN_VERSION" ] \
        || die "$(basename "$VENV") holds CKAN $("$PY" -c 'import ckan; print(ckan.__version__)'), not $CKAN_VERSION"
    stamp_write "$stamp" "${inputs[@]}"
}

install_solr() {
    cd "$ROOT/solr"
    if [ -f lib/solr-core-9.10.1.jar ] && stamp_fresh solr pom.xml; then
        log "Solr jars up to date"
        return
    fi
    command -v java >/dev/null || die "Java is missing: Solr needs a Java 17 runtime"
    log "resolving Apache Solr 9.10.1 from Maven Central (first run downloads ~150 MB)"
    mvn -q -B dependency:copy-dependencies >"$LOG_DIR/maven.log" 2>&1 \
        || die "Maven could not resolve Solr (is Maven Central reachable?); see var/log/maven.log"
    stamp_write solr pom.xml
}

compile_translations() {
    cd "$ROOT"
    local i18n=ckanext/chervonohrad/i18n
    for po in "$i18n"/*/LC_MESSAGES/ckanext-chervonohrad.po; do
        [ -e "$po" ] || continue
        local mo="${po%.po}.mo"
        if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
            "$VENV/bin/pybabel" compile -i "$po" -o "$mo" >/dev/null || die "cannot compile $po"
        fi
    done
    log "translations compiled"
}

install_system_packages
install_python
install_solr
compile_translations
