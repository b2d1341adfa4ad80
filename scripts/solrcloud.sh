#!/usr/bin/env bash
# A SolrCloud of two nodes for development and its test (README "SolrCloud"): a ZooKeeper
# (ZooKeeperServerMain from the zookeeper jar solr-test-framework brings; Maven Central only), two
# Solr nodes (solr/cloud/SolrNode.java: Solr's embedded Jetty runner on a port of our choosing), the
# Ukrainian configset uploaded to ZooKeeper and a collection with one shard on two replicas.
# Usage: solrcloud.sh start|stop|status|stop-node N   (collection CHERVONOHRAD_SOLRCLOUD_COLLECTION, ckan_cloud)
# Ports: ZooKeeper CHERVONOHRAD_ZK_PORT (9983), nodes CHERVONOHRAD_SOLRCLOUD_PORTS ("8984 8985").
source "$(dirname "$0")/lib.sh"

ZK_PORT="${CHERVONOHRAD_ZK_PORT:-9983}"
read -r -a NODE_PORTS <<<"${CHERVONOHRAD_SOLRCLOUD_PORTS:-8984 8985}"
NAME="${CHERVONOHRAD_SOLRCLOUD_NAME:-solrcloud}"  # its folder under var/, its pid and log files' prefix
CLOUD="$VAR/$NAME"
CONFIGSET=ckan_uk
COLLECTION="${CHERVONOHRAD_SOLRCLOUD_COLLECTION:-ckan_cloud}"

JVM_OPTS="${CHERVONOHRAD_SOLRCLOUD_JVM_OPTS:-$QUICK_JVM_OPTS}"

node_url() { echo "http://127.0.0.1:$1/solr"; }
node_alive() { curl -fsS "$(node_url "$1")/admin/info/system?wt=json" >/dev/null; }
zk_alive() { (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT") 2>/dev/null; }

start_zk() {
    if pid_alive "$RUN_DIR/$NAME-zk.pid"; then return; fi
    port_busy "$ZK_PORT" && die "solrcloud: port $ZK_PORT is busy with a process this project did not start"
    mkdir -p "$CLOUD/zk"
    java $JVM_OPTS -Xmx128m -Dzookeeper.admin.enableServer=false -Dzookeeper.4lw.commands.whitelist=ruok,mntr,conf \
        -cp "$ROOT/solr/lib/*" org.apache.zookeeper.server.ZooKeeperServerMain "$ZK_PORT" "$CLOUD/zk" \
        >"$LOG_DIR/$NAME-zk.log" 2>&1 &
    echo $! > "$RUN_DIR/$NAME-zk.pid"
    wait_for 60 "zookeeper on 127.0.0.1:$ZK_PORT" zk_alive || die "solrcloud: ZooKeeper did not start, see var/log/$NAME-zk.log"
}

start_node() {
    local number="$1" port="$2" home="$CLOUD/node$1"
    if pid_alive "$RUN_DIR/$NAME-node$number.pid"; then return; fi
    port_busy "$port" && die "solrcloud: port $port is busy with a process this project did not start"
    mkdir -p "$home"
    cp "$ROOT/solr/cloud/solr.xml" "$home/solr.xml"
    (
        cd "$home"
        exec java $JVM_OPTS -Xms128m -Xmx${CHERVONOHRAD_SOLR_HEAP:-512m} -DzkHost="127.0.0.1:$ZK_PORT" -DhostPort="$port" \
            -Dhost=127.0.0.1 -Dsolr.install.dir="$ROOT/solr" -Dsolr.log.dir="$LOG_DIR" \
            -Dlog4j2.formatMsgNoLookups=true -Dsolr.disable.shardsWhitelist=true \
            -cp "$ROOT/solr/lib/*" "$ROOT/solr/cloud/SolrNode.java" "$home" "$port"
    ) >"$LOG_DIR/$NAME-node$number.log" 2>&1 &
    echo $! > "$RUN_DIR/$NAME-node$number.pid"
}

upload_configset() {
    local dir="$CLOUD/configset"
    rm -rf "$dir" && mkdir -p "$dir"
    "$PY" -m ckanext.chervonohrad.solr.configset --cloud --force "$dir/$CONFIGSET" >/dev/null \
        || die "solrcloud: could not write the configset"
    (cd "$dir/$CONFIGSET/conf" && "$PY" -c 'import shutil; shutil.make_archive("../../configset", "zip", ".")')
    curl -fsS -X POST -H "Content-Type: application/octet-stream" --data-binary "@$dir/configset.zip" \
        "$(node_url "${NODE_PORTS[0]}")/admin/configs?action=UPLOAD&name=$CONFIGSET&overwrite=true&cleanup=true" >/dev/null \
        || die "solrcloud: the configset upload was refused, see var/log/$NAME-node1.log"
}

create_collection() {
    local url; url="$(node_url "${NODE_PORTS[0]}")"
    if curl -fsS "$url/admin/collections?action=LIST&wt=json" | grep -q "\"$COLLECTION\""; then
        curl -fsS "$url/admin/collections?action=RELOAD&name=$COLLECTION&wt=json" >/dev/null \
            || die "solrcloud: could not reload $COLLECTION"
        return
    fi
    curl -fsS "$url/admin/collections?action=CREATE&name=$COLLECTION&numShards=1&replicationFactor=2&collection.configName=$CONFIGSET&createNodeSet=$(printf '127.0.0.1:%s_solr,' "${NODE_PORTS[@]}" | sed 's/,$//')&wt=json" >/dev/null \
        || die "solrcloud: could not create the collection $COLLECTION, see var/log/$NAME-node1.log"
    log "solrcloud: collection $COLLECTION, one shard on ${#NODE_PORTS[@]} replicas"
}

case "${1:-status}" in
    start)
        command -v java >/dev/null || die "solrcloud: Java is missing (run make install)"
        start_zk
        for i in "${!NODE_PORTS[@]}"; do start_node "$((i + 1))" "${NODE_PORTS[$i]}"; done
        for port in "${NODE_PORTS[@]}"; do
            wait_for 180 "solrcloud node on 127.0.0.1:$port" node_alive "$port" \
                || die "solrcloud: the node on $port did not start, see var/log/$NAME-node*.log"
        done
        upload_configset
        create_collection
        log "solrcloud is up: $(node_url "${NODE_PORTS[0]}")/$COLLECTION (ZooKeeper 127.0.0.1:$ZK_PORT)" ;;
    stop)
        for i in "${!NODE_PORTS[@]}"; do stop_pidfile "$NAME-node$((i + 1))"; done
        stop_pidfile "$NAME-zk" ;;
    stop-node)
        stop_pidfile "$NAME-node${2:?usage: solrcloud.sh stop-node N}" ;;
    status)
        for i in "${!NODE_PORTS[@]}"; do
            if node_alive "${NODE_PORTS[$i]}"; then echo "solrcloud node $((i + 1)): running"; else echo "solrcloud node $((i + 1)): stopped"; fi
        done ;;
    *) die "usage: solrcloud.sh start|stop|stop-node N|status" ;;
esac
