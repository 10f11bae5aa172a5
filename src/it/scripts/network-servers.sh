#!/usr/bin/env bash
# Starts or stops server-everything over SSE and Streamable HTTP for the integration tests.
# usage: network-servers.sh start|stop <sse-port> <http-port> <work-dir>
set -euo pipefail
action=$1 sse_port=$2 http_port=$3 dir=$4
everything=node_modules/@modelcontextprotocol/server-everything/dist/index.js
mkdir -p "$dir"

start() { # mode port name
  PORT=$2 nohup node "$everything" "$1" > "$dir/$3.log" 2>&1 &
  echo $! > "$dir/$3.pid"
}

wait_for() { # port
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "no server on port $1" >&2
  return 1
}

case "$action" in
  start)
    start sse "$sse_port" everything-sse
    start streamableHttp "$http_port" everything-http
    wait_for "$sse_port"
    wait_for "$http_port"
    ;;
  stop)
    for name in everything-sse everything-http; do
      if [ -f "$dir/$name.pid" ]; then
        kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
        rm -f "$dir/$name.pid"
      fi
    done
    ;;
  *) echo "usage: $0 start|stop sse-port http-port dir" >&2; exit 2 ;;
esac
