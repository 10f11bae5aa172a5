#!/usr/bin/env bash
# Soak (README "Reliability"): one gateway with the default catalogue (server-everything and server-memory over
# stdio, the dogfood writer on) on PostgreSQL in a schema of its own, under a steady load from soak-load.mjs, sampled
# once a minute: heap after a full GC, live threads, open file descriptors, stdio server processes, database
# connections, and the load's own totals. Writes target/soak/samples.csv and prints each sample as it is taken.
# Needs: npm ci done, PostgreSQL (SOAK_DB_URL, default the shared test database) and psql.
# usage: src/bench/scripts/soak.sh [minutes, default 60] [REST calls/s, default 10] [/mcp calls/s, default 2]
set -euo pipefail
cd "$(dirname "$0")/../../.."
minutes=${1:-60}
rest_rate=${2:-10}
mcp_rate=${3:-2}
port=${SOAK_PORT:-19380}
db_host=${SOAK_DB_HOST:-127.0.0.1}
db_port=${SOAK_DB_PORT:-5432}
schema="soak_$(date +%s)"
wlp=target/liberty/wlp
servers=$wlp/usr/servers
work=target/soak
mkdir -p "$work"

command -v psql >/dev/null || { echo "needs psql" >&2; exit 2; }
if [ ! -d "$servers/gateway" ] || [ ! -f target/mcp-hybrid-server.war ]; then
  mvn -B -q -DskipTests package liberty:create
fi
keys=$PWD/$servers/gateway/resources/security

dir=$servers/soak
rm -rf "$dir" "$work/data"; mkdir -p "$dir/apps"
cp -r "$servers/gateway/"{auth-jwt.xml,auth-off.xml,jvm.options,lib,server.env,server.xml} "$dir/"
cp target/mcp-hybrid-server.war "$dir/apps/"
cat > "$dir/bootstrap.properties" <<PROPS
gateway.home=$PWD
http.port=$port
https.port=$((port + 1))
gateway.db.url=jdbc:postgresql://$db_host:$db_port/test?currentSchema=$schema
gateway.db.user=postgres
gateway.db.password=unused-with-trust-auth
gateway.db.schema=$schema
gateway.data.dir=$PWD/$work/data
gateway.auth.dev-key-dir=$keys
mp.jwt.verify.publickey.location=file:$keys/dev-jwt-public.pem
PROPS

cleanup() {
  [ -n "${load_pid:-}" ] && kill "$load_pid" 2>/dev/null || true
  $wlp/bin/server stop soak >/dev/null 2>&1 || true
  psql -q -h "$db_host" -p "$db_port" -U postgres test -c "drop schema if exists $schema cascade" >/dev/null 2>&1 || true
}
trap cleanup EXIT
$wlp/bin/server start soak >/dev/null
for _ in $(seq 1 180); do curl -sf "localhost:$port/health/ready" >/dev/null && break; sleep 1; done
curl -sf "localhost:$port/health/ready" >/dev/null || { echo "gateway not ready" >&2; exit 1; }
pid=$(cat "$servers/.pid/soak.pid")
token=$(java src/main/java/dev/mcphybrid/security/DevTokens.java --sub soak admin)

descendants() { # all processes below $1
  local child
  for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done
}
sample() { # minute
  jcmd "$pid" GC.run >/dev/null
  local heap threads fds stdio db load
  heap=$(jcmd "$pid" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1)
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
  fds=$(ls "/proc/$pid/fd" | wc -l)
  stdio=$(descendants "$pid" | wc -l)
  db=$(ss -Htnp state established "( dport = :$db_port )" | grep -c "pid=$pid," || true)
  load=$(cat "$work/load.json" 2>/dev/null || echo '{}')
  printf '%s,%s,%s,%s,%s,%s,%s\n' "$1" "$((heap / 1024))" "$threads" "$fds" "$stdio" "$db" \
    "$(node -e 'const l=JSON.parse(process.argv[1]); console.log([l.rest ?? 0, l.mcp ?? 0, l.sseEvents ?? 0,
      l.mcpSessions ?? 0, l.p50ms ?? 0, l.p99ms ?? 0, JSON.stringify(l.restByStatus ?? {}).replaceAll(",", " ")].join(","))' "$load")"
}

echo "minute,heap_after_gc_mb,threads,fds,stdio_processes,db_connections,rest_calls,mcp_calls,sse_events,mcp_sessions,p50_ms,p99_ms,rest_by_status" \
  | tee "$work/samples.csv"
sample 0 | tee -a "$work/samples.csv"
node src/bench/scripts/soak-load.mjs "http://localhost:$port" "$token" $((minutes * 60)) "$rest_rate" "$mcp_rate" \
  "$work/load.json" > "$work/load.log" 2>&1 &
load_pid=$!
started=$(date +%s)
for minute in $(seq 1 "$minutes"); do
  sleep $((started + minute * 60 - $(date +%s)))
  sample "$minute" | tee -a "$work/samples.csv"
done
wait "$load_pid" || true
load_pid=
rows=$(psql -tA -h "$db_host" -p "$db_port" -U postgres test -c "select count(*) from $schema.tool_execution")
echo "audit rows: $rows; load: $(tail -1 "$work/load.log")" | tee "$work/summary.txt"
