#!/usr/bin/env bash
# Fault injection (README "Reliability"): a gateway of its own, on a PostgreSQL cluster and a Redis this script
# creates (never the shared ones), with two stdio servers (server-everything as `everything` and as `victim`) and
# one network server (`remote`, server-everything over Streamable HTTP behind a TCP proxy that can blackhole it).
# Runs each scenario, prints what it measured, and writes it all to target/faults/results.txt:
#   pg      PostgreSQL stopped (pg_ctl stop -m fast) for 20 s during 1,000 calls at 25/s, then started again:
#           every answered call has its audit row; how long the spool took to drain
#   kill    kill -9 of the gateway during a burst of 50 calls/s: answered calls without an audit row, and how long
#           before the kill they were answered
#   stdio   kill -9 and SIGSTOP of the victim stdio server: time to UNHEALTHY, what later calls get, recovery
#   network the remote server's connection blackholed: the same measures
#   poison  NUL, invalid UTF-8, lone surrogates, huge values, deep JSON, odd charsets through REST and /mcp
#   redis   Redis stopped during rate-limited calls, and started again
# Needs: npm ci done, initdb/pg_ctl (/usr/lib/postgresql/*/bin), redis-server, psql, curl; run as root it runs
# PostgreSQL as the user `postgres`.
# usage: src/bench/scripts/faults.sh [scenario...]   (default: all, in the order above; ports 19310-19330)
set -uo pipefail
cd "$(dirname "$0")/../../.."
scenarios=${*:-pg kill stdio network poison redis}
base_port=${FAULTS_PORT:-19310}
pg_port=$base_port redis_port=$((base_port + 1)) remote_port=$((base_port + 2)) proxy_port=$((base_port + 3))
proxy_control=$((base_port + 4)) http_port=$((base_port + 10))
gw="http://localhost:$http_port"
work=$PWD/target/faults
wlp=target/liberty/wlp
servers=$wlp/usr/servers
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$work"
: > "$work/results.txt"

say() { echo "$*" | tee -a "$work/results.txt"; }
now_ms() { date +%s%3N; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { psql -tA -h 127.0.0.1 -p "$pg_port" -U postgres postgres -c "$1"; }

for tool in psql redis-server curl "$pg_bin/initdb"; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
if [ ! -d "$servers/gateway" ] || [ ! -f target/mcp-hybrid-server.war ]; then
  mvn -B -q -DskipTests package liberty:create
fi
keys=$PWD/$servers/gateway/resources/security

# --- the parts: PostgreSQL, Redis, the network server behind its proxy -----------------------------------------
pg_start() { as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $pg_port -k /tmp" start >/dev/null; }
pg_stop() { as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null; }
rm -rf "$work/pg"; mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg" && chmod 755 "$work" "$PWD/target"
as_pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust >/dev/null || { echo "initdb failed" >&2; exit 1; }
pg_start || { echo "PostgreSQL did not start: $work/pg/log" >&2; exit 1; }
redis_start() { redis-server --port "$redis_port" --save "" --appendonly no --daemonize yes --pidfile "$work/redis.pid" \
  --logfile "$work/redis.log" >/dev/null; }
redis_start
PORT=$remote_port node node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp \
  > "$work/remote.log" 2>&1 &
remote_pid=$!
node src/it/scripts/tcp-proxy.mjs "$proxy_port" 127.0.0.1 "$remote_port" "$proxy_control" > "$work/proxy.log" 2>&1 &
proxy_pid=$!

# --- the gateway -------------------------------------------------------------------------------------------------
cat > "$work/catalogue.yml" <<YML
servers:
  - id: everything
    transport: stdio
    command: node
    args: [node_modules/@modelcontextprotocol/server-everything/dist/index.js, stdio]
  - id: victim
    transport: stdio
    command: node
    args: [node_modules/@modelcontextprotocol/server-everything/dist/index.js, stdio]
    env: { FAULTS_VICTIM: "1" }
  - id: remote
    transport: streamable-http
    url: http://127.0.0.1:$proxy_port/mcp
YML
dir=$servers/faults
rm -rf "$dir" "$work/data"; mkdir -p "$dir/apps"
cp -r "$servers/gateway/"{auth-jwt.xml,auth-off.xml,jvm.options,lib,server.env,server.xml} "$dir/"
cp target/mcp-hybrid-server.war "$dir/apps/"
cat > "$dir/bootstrap.properties" <<PROPS
gateway.home=$PWD
http.port=$http_port
https.port=$((http_port + 1))
gateway.catalogue.path=$work/catalogue.yml
gateway.db.url=jdbc:postgresql://127.0.0.1:$pg_port/postgres?connectTimeout=3&socketTimeout=10
gateway.db.user=postgres
gateway.db.password=unused-with-trust-auth
gateway.data.dir=$work/data
gateway.auth.dev-key-dir=$keys
mp.jwt.verify.publickey.location=file:$keys/dev-jwt-public.pem
gateway.ratelimit.redis.url=redis://127.0.0.1:$redis_port
gateway.ratelimit.principal=1000/2000
gateway.ratelimit.tool=1000/2000
gateway.ratelimit.tools=everything.get-sum=2/4
PROPS
gateway_pid() { cat "$servers/.pid/faults.pid"; }
gateway_start() {
  $wlp/bin/server start faults >/dev/null
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "$gw/health/ready" && [ "$(state everything)$(state victim)$(state remote)" = HEALTHYHEALTHYHEALTHY ]; then
      return 0
    fi
    sleep 1
  done
  echo "gateway not healthy" >&2; return 1
}
cleanup() {
  $wlp/bin/server stop faults >/dev/null 2>&1 || true
  kill "$remote_pid" "$proxy_pid" 2>/dev/null
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
  pg_stop 2>/dev/null
}
trap cleanup EXIT
token=$(java src/main/java/dev/mcphybrid/security/DevTokens.java --sub faults admin)
auth=(-H "Authorization: Bearer $token")
calls() { node src/bench/scripts/faults-calls.mjs "$gw" "$token" "$@"; }
state() { curl -s "${auth[@]}" "$gw/api/servers/$1/status" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p'; }
await_state() { # server state timeout-s: prints ms waited, or "never"
  local t0; t0=$(now_ms)
  while [ $(( $(now_ms) - t0 )) -lt $(( $3 * 1000 )) ]; do
    [ "$(state "$1")" = "$2" ] && { echo $(( $(now_ms) - t0 )); return 0; }
    sleep 0.05
  done
  echo never
}
one_call() { # tool body: prints "status ms retry-after"
  local t0 out; t0=$(now_ms)
  out=$(curl -s -o /dev/null -D - -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
    -X POST "$gw/api/tools/$1/execute" --data-binary "$2")
  echo "${out: -3} $(( $(now_ms) - t0 ))ms retry-after=$(echo "$out" | tr -d '\r' | sed -n 's/^[Rr]etry-[Aa]fter: //p')"
}
stored() { # request-id prefix: rows stored
  sql "select count(*) from tool_execution where request_id like '$1-%'"
}
answered_ids() { awk '$2 != "conn" {print $1}' "$1" | sort; }
drain() { # prefix answered-file timeout-s: prints ms until every answered call has its row
  local t0 want; t0=$(now_ms); want=$(answered_ids "$2" | wc -l)
  while [ $(( $(now_ms) - t0 )) -lt $(( $3 * 1000 )) ]; do
    [ "$(stored "$1" 2>/dev/null || echo 0)" -ge "$want" ] && { echo $(( $(now_ms) - t0 )); return 0; }
    sleep 0.2
  done
  echo never
}
missing() { # prefix answered-file: answered ids without a row
  comm -23 <(answered_ids "$2") <(sql "select request_id from tool_execution where request_id like '$1-%'" | sort)
}

gateway_start || exit 1

scenario_pg() {
  say "== PostgreSQL stopped for 20 s during 1,000 calls (25/s)"
  calls everything.echo '{"arguments":{"message":"pg"}}' 1000 25 pg "$work/pg-calls.txt" > "$work/pg-summary.json" &
  local load=$!
  sleep 5
  pg_stop; local stopped; stopped=$(now_ms)
  sleep 8
  say "  during the outage: /health/ready $(curl -s -o /dev/null -w '%{http_code}' "$gw/health/ready"), /api/status" \
    "$(curl -s "${auth[@]}" "$gw/api/status" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p' | head -1)," \
    "spool files $(ls "$work/data/audit-spool" 2>/dev/null | wc -l)"
  sleep $(( 20 - ( $(now_ms) - stopped ) / 1000 ))
  pg_start; local back; back=$(now_ms)
  say "  stopped for $(( (back - stopped) / 1000 )) s"
  wait $load
  say "  calls: $(cat "$work/pg-summary.json")"
  local waited; waited=$(drain pg "$work/pg-calls.txt" 120)
  say "  every answered call's row stored $(( ($(now_ms) - back) / 1000 )) s after the start (last check waited ${waited} ms after the burst)"
  say "  answered $(answered_ids "$work/pg-calls.txt" | wc -l), rows $(stored pg), answered without a row: $(missing pg "$work/pg-calls.txt" | wc -l)"
}

scenario_kill() {
  say "== kill -9 of the gateway during 50 calls/s"
  calls everything.echo '{"arguments":{"message":"kill"}}' 500 50 kill "$work/kill-calls.txt" > "$work/kill-summary.json" &
  local load=$!
  sleep 5
  kill -9 "$(gateway_pid)"; local killed; killed=$(now_ms)
  wait $load
  say "  calls: $(cat "$work/kill-summary.json")"
  gateway_start || return 1
  drain kill "$work/kill-calls.txt" 30 >/dev/null
  local lost; lost=$(missing kill "$work/kill-calls.txt")
  say "  answered $(answered_ids "$work/kill-calls.txt" | wc -l), rows after the restart $(stored kill), answered without a row: $(echo -n "$lost" | grep -c .)"
  if [ -n "$lost" ]; then
    local first last
    first=$(grep -F -w -f <(echo "$lost") "$work/kill-calls.txt" | awk '{print $3}' | sort -n | head -1)
    last=$(grep -F -w -f <(echo "$lost") "$work/kill-calls.txt" | awk '{print $3}' | sort -n | tail -1)
    say "  they were answered between $(( killed - first )) ms and $(( killed - last )) ms before the kill"
  fi
}

stdio_victim() { # the victim's process id
  local p
  for p in $(pgrep -f "server-everything/dist/index.js stdio"); do
    tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -q '^FAULTS_VICTIM=1$' && { echo "$p"; return; }
  done
}

isolation() { # server tool-id break-command restore-command
  local t0 timed_out until_unhealthy
  t0=$(now_ms)
  say "  a call with timeoutMs 3000: $(one_call "$2" '{"arguments":{"message":"x"},"timeoutMs":3000}')"
  timed_out=$(now_ms)
  until_unhealthy=$(await_state "$1" UNHEALTHY 30)
  say "  UNHEALTHY ${until_unhealthy} ms after that call's answer ($(( $(now_ms) - t0 )) ms after the fault)"
  say "  the next call: $(one_call "$2" '{"arguments":{"message":"x"}}')"
  say "  a call without timeoutMs: $(one_call "$2" '{"arguments":{"message":"x"}}')"
  eval "$3"
  local restored; restored=$(now_ms)
  say "  HEALTHY again $(await_state "$1" HEALTHY 120) ms after the fault was removed; then a call: $(one_call "$2" '{"arguments":{"message":"x"}}')"
}

recovery_log() { # server: the state changes the gateway logged for it
  grep -h "$1" "$servers/faults/logs/messages.log" | grep -i "unhealthy\|next attempt\|Connected $1\|lost" | tail -6 |
    sed 's/^\[[^ ]* \([^]]*\)\].* \(Could not\|Connected\|Server\|Lost\)/  log \1 \2/' | cut -c1-200 | tee -a "$work/results.txt"
}

scenario_stdio() {
  say "== kill -9 of a stdio server"
  local pid t0; pid=$(stdio_victim); t0=$(now_ms)
  kill -9 "$pid"
  say "  UNHEALTHY after $(await_state victim UNHEALTHY 30) ms; then a call: $(one_call victim.echo '{"arguments":{"message":"x"}}')"
  say "  HEALTHY again after $(( $(await_state victim HEALTHY 120) + 0 )) ms more ($(( $(now_ms) - t0 )) ms after the kill), new process $(stdio_victim)"
  say "== SIGSTOP of a stdio server"
  pid=$(stdio_victim)
  kill -STOP "$pid"
  isolation victim victim.echo "kill -CONT $pid"
  recovery_log victim
}

scenario_network() {
  say "== a network server whose connection is blackholed"
  curl -s -X POST "localhost:$proxy_control/blackhole" >/dev/null
  isolation remote remote.echo "curl -s -X POST localhost:$proxy_control/restore >/dev/null"
  recovery_log remote
}

mcp_session() { # prints the session id of a fresh, initialized /mcp session
  local sid
  sid=$(curl -s -D - -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -X POST "$gw/mcp" --data '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"faults","version":"1"}}}' |
    tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
  curl -s -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "Mcp-Session-Id: $sid" -H 'MCP-Protocol-Version: 2025-06-18' -X POST "$gw/mcp" --data '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  echo "$sid"
}
poison() { # label content-type file: REST and raw /mcp answers for the body in file (the arguments of echo)
  local rest mcp ct="$2"
  { printf '{"arguments":'; cat "$3"; printf '}'; } > "$work/poison-rest.bin"
  { printf '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"everything__echo","arguments":'; cat "$3"; printf '}}'; } > "$work/poison-mcp.bin"
  rest=$(curl -s -o "$work/poison-answer.txt" -w '%{http_code} %{content_type}' "${auth[@]}" -H "Content-Type: $ct" \
    -H "X-Request-Id: poison-$1" -X POST "$gw/api/tools/everything.echo/execute" --data-binary @"$work/poison-rest.bin")
  local detail; detail=$(grep -o '"\(title\|detail\)":"[^"]*"' "$work/poison-answer.txt" | head -2 | tr '\n' ' ' | cut -c1-140)
  mcp=$(curl -s -o "$work/poison-mcp-answer.txt" -w '%{http_code} %{content_type}' "${auth[@]}" -H "Content-Type: ${ct/application\/json/application/json}" \
    -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $sid" -H 'MCP-Protocol-Version: 2025-06-18' \
    -X POST "$gw/mcp" --data-binary @"$work/poison-mcp.bin")
  local mcp_detail; mcp_detail=$(grep -o '"\(code\|isError\)":[^,}]*\|"message":"[^"]*"\|"title":"[^"]*"' "$work/poison-mcp-answer.txt" | head -2 | tr '\n' ' ' | cut -c1-120)
  say "  $1: REST $rest $detail| /mcp $mcp $mcp_detail"
}

scenario_poison() {
  say "== poison inputs (REST /api/tools/everything.echo/execute and raw /mcp tools/call everything__echo)"
  sid=$(mcp_session)
  local f=$work/poison-arg.bin dead_before rows_before t0
  dead_before=$(curl -s "${auth[@]}" "$gw/api/executions/dead-letters" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  rows_before=$(sql "select count(*) from tool_execution")
  printf '{"message":"a\\u0000b"}' > "$f"; poison nul-escaped application/json "$f"
  printf '{"message":"a\0b"}' > "$f"; poison nul-raw-byte application/json "$f"
  printf '{"message":"a\xc3\x28b\xff"}' > "$f"; poison invalid-utf8 application/json "$f"
  printf '{"message":"a\\ud800b"}' > "$f"; poison lone-high-surrogate application/json "$f"
  printf '{"message":"a\\udfffb\\ud83d"}' > "$f"; poison lone-low-and-trailing-surrogates application/json "$f"
  printf '{"message":"a\xed\xa0\x80b"}' > "$f"; poison surrogate-as-utf8-bytes application/json "$f"
  { printf '{"message":"'; head -c 60000 /dev/zero | tr '\0' 'x'; printf '"}'; } > "$f"; poison value-60KB application/json "$f"
  { printf '{"message":"'; head -c 2000000 /dev/zero | tr '\0' 'x'; printf '"}'; } > "$f"; poison value-2MB application/json "$f"
  { printf '{"message":"x","deep":'; printf '[%.0s' $(seq 1 5000); printf ']%.0s' $(seq 1 5000); printf '}'; } > "$f"; poison deep-5000 application/json "$f"
  printf '{"message":"x"}' > "$f"; poison charset-bogus 'application/json; charset=bogus-42' "$f"
  printf '{"message":"caf\xe9"}' > "$f"; poison charset-latin1 'application/json; charset=ISO-8859-1' "$f"
  printf '{"message":"caf\xc3\xa9"}' | iconv -f UTF-8 -t UTF-16 > "$f"; poison charset-utf16-bom 'application/json; charset=UTF-16' "$f"
  printf '{"message":"x"}' > "$f"; poison content-type-text 'text/plain' "$f"
  say "  the official TypeScript client over /mcp:"
  local a
  for a in '{"message":"a\u0000b"}' '{"message":"a\ud800b"}' "{\"message\":\"$(head -c 200000 /dev/zero | tr '\0' 'y')\"}"; do
    say "    $(echo "$a" | cut -c1-30): $(node src/it/scripts/mcp-client.mjs "$gw/mcp" "$token" streamable call everything__echo "$a" 2>&1 |
      grep '"step":"\(result\|error\|failed\)"' | cut -c1-150)"
  done
  t0=$(now_ms)
  one_call everything.echo '{"arguments":{"message":"after the poison"}}' >/dev/null
  local seen=never
  while [ $(( $(now_ms) - t0 )) -lt 10000 ]; do
    [ "$(sql "select count(*) from tool_execution where arguments::text like '%after the poison%'")" -ge 1 ] && { seen=$(( $(now_ms) - t0 )); break; }
    sleep 0.1
  done
  say "  a normal call afterwards is in the audit table after ${seen} ms; audit rows +$(( $(sql "select count(*) from tool_execution") - rows_before ))," \
    "dead letters $dead_before -> $(curl -s "${auth[@]}" "$gw/api/executions/dead-letters" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')"
  say "  stored NUL call: $(sql "select arguments::text from tool_execution where request_id = 'poison-nul-escaped'")"
}

scenario_redis() {
  say "== Redis stopped during rate-limited calls (everything.get-sum limited to 2/s, burst 4) and started again"
  calls everything.get-sum '{"arguments":{"a":1,"b":2}}' 40 10 redis-before "$work/redis-before.txt" > /dev/null
  say "  Redis up, 40 calls at 10/s: $(awk '{print $2}' "$work/redis-before.txt" | sort | uniq -c | tr '\n' ' ')"
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
  calls everything.get-sum '{"arguments":{"a":1,"b":2}}' 40 10 redis-down "$work/redis-down.txt" > /dev/null
  say "  Redis down, 40 calls at 10/s: $(awk '{print $2}' "$work/redis-down.txt" | sort | uniq -c | tr '\n' ' ')," \
    "slowest $(awk '{print $4}' "$work/redis-down.txt" | sort -n | tail -1) ms"
  redis_start
  sleep 3
  calls everything.get-sum '{"arguments":{"a":1,"b":2}}' 40 10 redis-back "$work/redis-back.txt" > /dev/null
  say "  Redis back, 40 calls at 10/s: $(awk '{print $2}' "$work/redis-back.txt" | sort | uniq -c | tr '\n' ' ')"
  say "  buckets in Redis afterwards: $(redis-cli -p "$redis_port" --scan | wc -l); rows of the 120 calls: $(( $(stored redis-before) + $(stored redis-down) + $(stored redis-back) ))"
  grep -h "Redis" "$servers/faults/logs/messages.log" | tail -3 | cut -c1-200 | tee -a "$work/results.txt"
}

for s in $scenarios; do "scenario_$s"; done
