#!/usr/bin/env bash
# Starts or stops what the integration tests reach over the network: server-everything over SSE and
# Streamable HTTP, the TCP proxy between the gateway-it datasource and PostgreSQL (see tcp-proxy.mjs), and HAProxy in
# front of the two cluster members gateway-it and gateway-it3 (ClusterIT).
# usage: network-servers.sh start|stop <sse-port> <http-port> <work-dir> <db-proxy-port> <db-proxy-control-port>
#        <lb-port> <gateway-it-port> <gateway-it3-port>
set -euo pipefail
action=$1 sse_port=$2 http_port=$3 dir=$4 proxy_port=${5:-18113} control_port=${6:-18114}
lb_port=${7:-9190} it1_port=${8:-9180} it3_port=${9:-9182}
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

# HAProxy as a load balancer without session affinity: every request may go to either member, including the
# requests of one keep-alive connection (http-server-close ends the server side after each response, so the next
# request is balanced again). The gateways start after this script, so both begin DOWN until /health/ready answers.
# SSE streams and WebSockets live for minutes: the client/server/tunnel timeouts are long; the gateway's heartbeats
# keep a quiet stream moving. X-Gateway-Backend names the member that answered, for the tests only.
write_haproxy_config() {
  cat > "$dir/haproxy.cfg" <<CFG
global
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option http-server-close
    option redispatch 1
    retries 3
    timeout connect 2s
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout queue 10s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout client-fin 5s
    timeout server-fin 5s

frontend gateway
    bind 127.0.0.1:$lb_port
    default_backend gateways

backend gateways
    balance roundrobin
    # no h2c upgrade: it would turn a connection into a tunnel to one member
    http-request del-header Connection if { req.hdr(Upgrade) -i h2c }
    http-request del-header Upgrade if { req.hdr(Upgrade) -i h2c }
    http-request del-header HTTP2-Settings
    option httpchk GET /health/ready
    http-check expect status 200
    default-server check inter 1s fastinter 500ms downinter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    http-response set-header X-Gateway-Backend %[srv_name]
    server it1 127.0.0.1:$it1_port
    server it3 127.0.0.1:$it3_port
CFG
}

require_haproxy() {
  if ! command -v haproxy >/dev/null 2>&1; then
    echo "haproxy is not installed; the cluster integration tests need it as their load balancer:" >&2
    echo "  apt-get update && apt-get install -y haproxy   (.ci/run does this)" >&2
    exit 1
  fi
}

start_haproxy() {
  write_haproxy_config
  haproxy -c -q -f "$dir/haproxy.cfg"
  nohup haproxy -db -f "$dir/haproxy.cfg" > "$dir/haproxy.log" 2>&1 &
  echo $! > "$dir/haproxy.pid"
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
    require_haproxy # before anything is started, so a failed start leaves nothing running
    write_hosts
    start sse "$sse_port" everything-sse
    start streamableHttp "$http_port" everything-http
    start_proxy
    start_haproxy
    wait_for "$sse_port"
    wait_for "$http_port"
    wait_for "$proxy_port"
    wait_for "$control_port"
    wait_for "$lb_port"
    ;;
  stop)
    # oidc-issuer: started by the OAuth tests themselves (OAuthFixture), stopped here with the rest
    for name in everything-sse everything-http db-proxy haproxy oidc-issuer; do
      if [ -f "$dir/$name.pid" ]; then
        kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
        rm -f "$dir/$name.pid"
      fi
    done
    ;;
  *) echo "usage: $0 start|stop sse-port http-port dir [db-proxy-port db-proxy-control-port lb-port it-port it3-port]" >&2; exit 2 ;;
esac
