#!/usr/bin/env bash
# Cluster benchmark (docs/cluster.md "Benchmark"): tool-call throughput through HAProxy with 1 and 2 gateway
# instances, and live-event delivery with the clients on 1 instance or spread over 2 while the events are published
# through one. Every instance runs on this machine: PostgreSQL and Redis as configured below, JWT on, rate limits off.
# Needs: haproxy, wrk (apt-get install haproxy wrk), npm ci done, PostgreSQL and Redis up.
# usage: src/bench/scripts/cluster-bench.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-20}
wlp=target/liberty/wlp
servers=$wlp/usr/servers
keys=$PWD/$servers/gateway/resources/security
prefix="mcp-gateway-bench:$(date +%s)"
schema="bench_cluster_$(date +%s)"
lb_port=9690
work=target/cluster-bench
mkdir -p "$work"

for tool in haproxy wrk psql redis-cli; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install haproxy wrk)" >&2; exit 2; }
done
if [ ! -d "$servers/gateway" ] || [ ! -f target/mcp-hybrid-server.war ]; then
  mvn -B -q -DskipTests package liberty:create
fi

instance() { # n: server bench-c<n> on port 968<n>, a member of the cluster
  local n=$1 dir=$servers/bench-c$1
  rm -rf "$dir"; mkdir -p "$dir/apps"
  # server.env carries the keystore password: without an SSL configuration Liberty's JWT verifier never starts
  cp -r "$servers/gateway/"{auth-jwt.xml,auth-off.xml,jvm.options,lib,server.env,server.xml} "$dir/"
  cp target/mcp-hybrid-server.war "$dir/apps/"
  cat > "$dir/bootstrap.properties" <<PROPS
gateway.home=$PWD
http.port=968$n
https.port=969$((n + 4))
gateway.instance.id=bench-c$n
gateway.cluster.enabled=true
gateway.cluster.redis.url=redis://127.0.0.1:6379
gateway.cluster.prefix=$prefix
gateway.db.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema
gateway.db.user=postgres
gateway.db.password=unused-with-trust-auth
gateway.db.schema=$schema
gateway.data.dir=$PWD/$work/data-c$n
gateway.auth.dev-key-dir=$keys
mp.jwt.verify.publickey.location=file:$keys/dev-jwt-public.pem
gateway.ratelimit.enabled=false
PROPS
  $wlp/bin/server start bench-c$n >/dev/null
}

ready() { # port
  for _ in $(seq 1 180); do curl -sf "localhost:$1/health/ready" >/dev/null && return 0; sleep 1; done
  echo "gateway on $1 not ready" >&2; return 1
}

balancer() { # ports...
  {
    printf 'defaults\n    mode http\n    timeout connect 2s\n    timeout client 1h\n    timeout server 1h\n    timeout tunnel 1h\n'
    printf 'frontend gateway\n    bind 127.0.0.1:%s\n    default_backend gateways\n' $lb_port
    printf 'backend gateways\n    balance roundrobin\n    http-reuse always\n'
    for port in "$@"; do printf '    server g%s 127.0.0.1:%s\n' "$port" "$port"; done
  } > "$work/haproxy.cfg"
  [ -f "$work/haproxy.pid" ] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true
  haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
  echo $! > "$work/haproxy.pid"
  sleep 1
}

cleanup() {
  [ -f "$work/haproxy.pid" ] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true
  for n in 1 2; do $wlp/bin/server stop bench-c$n >/dev/null 2>&1 || true; done
  redis-cli --scan --pattern "$prefix:*" | xargs -r redis-cli del >/dev/null
  psql -q -h 127.0.0.1 -U postgres test -c "drop schema if exists $schema cascade" >/dev/null 2>&1 || true
}
trap cleanup EXIT

instance 1; ready 9681   # the first creates the development key pair both verify tokens with
instance 2; ready 9682
export TOKEN=$(java src/main/java/dev/mcphybrid/security/DevTokens.java --sub bench admin)
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"arguments":{"message":"ready?"}}' localhost:9681/api/tools/everything.echo/execute)
[ "$status" = 200 ] || { echo "a tool call answered $status, not 200" >&2; exit 1; }

calls() { # label concurrency
  wrk -t2 -c"$2" -d"${seconds}s" --latency -s src/bench/scripts/echo-calls.lua "http://127.0.0.1:$lb_port" > "$work/wrk.out"
  echo "| $1 | $2 | $(grep RESULT "$work/wrk.out" | sed 's/RESULT //')"
  if ! grep -q "non2xx=0 errors=0" "$work/wrk.out"; then
    echo "calls failed: the figures above are not of tool calls" >&2
    exit 1
  fi
}

echo "== tool calls through HAProxy (everything.echo over stdio, distinct arguments, ${seconds} s each after a warm-up)"
balancer 9681 9682
wrk -t2 -c16 -d10s -s src/bench/scripts/echo-calls.lua "http://127.0.0.1:$lb_port" >/dev/null # warm-up of both
echo "| instances | concurrency | result |"
echo "| --- | --- | --- |"
balancer 9681
calls "1" 16
balancer 9681 9682
calls "2" 16
balancer 9681
calls "1" 64
balancer 9681 9682
calls "2" 64

echo "== live events: 100 WebSocket + 100 SSE clients, 100 events/s published through bench-c1"
mvn -B -q -Pbench -DskipTests test -Dnpm.skip -Dbench.only=events -Dbench.gateway=http://localhost:9681 \
    -Dbench.seconds="$seconds" -Dbench.loads=100+100@100 -Dbench.stream-from=http://localhost:9681 | grep -E "^\||delivery latency|CPU"
mvn -B -q -Pbench -DskipTests test -Dnpm.skip -Dbench.only=events -Dbench.gateway=http://localhost:9681 \
    -Dbench.seconds="$seconds" -Dbench.loads=100+100@100 -Dbench.stream-from=http://localhost:9681,http://localhost:9682 \
    | grep -E "^\||delivery latency|CPU"
