#!/usr/bin/env bash
# Starts or stops what the integration tests reach over the network: server-everything over SSE and
# Streamable HTTP, and the TCP proxy between the gateway-it datasource and PostgreSQL (see tcp-proxy.mjs).
# usage: network-servers.sh start|stop <sse-port> <http-port> <work-dir> <db-proxy-port> <db-proxy-control-port>
set -euo pipefail
action=$1 sse_port=$2 http_port=$3 dir=$4 proxy_port=${5:-18113} control_port=${6:-18114}
everything=node_modules/@modelcontextprotocol/server-everything/dist/index.js
mkdir -p "$dir"

start() { # mode port name
  PORT=$2 nohup node "$everything" "$1" > "$dir/$3.log" 2>&1 &
  echo $! > "$dir/$3.pid"
}

start_proxy() {
  nohup node src/it/scripts/tcp-proxy.mjs "$proxy_port" 127.0.0.1 5432 "$control_port" > "$dir/db-proxy.log" 2>&1 &
  echo $! > "$dir/db-proxy.pid"
}

wait_for() { # port
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "no server on port $1" >&2
  return 1
}

# The second test gateway resolves names with this file only (-Djdk.net.hosts.file): names that point at private
# and metadata addresses, for HostileRegistrationIT, next to the names the JVM itself needs.
write_hosts() {
  cat > "$dir/it-hosts" <<HOSTS
127.0.0.1 localhost $(hostname)
10.1.2.3 internal-service.it.test
169.254.169.254 metadata-alias.it.test
93.184.215.14 mixed.it.test
10.9.9.9 mixed.it.test
HOSTS
}

case "$action" in
  start)
    write_hosts
    start sse "$sse_port" everything-sse
    start streamableHttp "$http_port" everything-http
    start_proxy
    wait_for "$sse_port"
    wait_for "$http_port"
    wait_for "$proxy_port"
    wait_for "$control_port"
    ;;
  stop)
    for name in everything-sse everything-http db-proxy; do
      if [ -f "$dir/$name.pid" ]; then
        kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
        rm -f "$dir/$name.pid"
      fi
    done
    ;;
  *) echo "usage: $0 start|stop sse-port http-port dir" >&2; exit 2 ;;
esac
