#!/usr/bin/env bash
# The audit log at scale over HTTP: loads ROWS realistic tool_execution rows (default 10 million over 30 days,
# src/bench/sql/audit-load.sql) into the schema of a running gateway, counts them into the roll-ups
# (audit_rollups_rebuild, as V7 does for rows stored before it), then times what clients ask the gateway:
# GET /api/executions with each filter and keyset paging deep into the table, GET /api/executions/{id},
# /api/executions/stats over 1 h / 24 h / 7 d from the roll-ups and with exact=true (every row, as before the
# roll-ups), and, in SQL, every DBA view and db/queries example. Each request runs three times; the last (warm) time
# is printed with its target (interactive 200 ms, report 2 s). Prints numbers, never fails on them. Not part of
# mvn verify.
#
# 1. Start a gateway on an empty schema of its own (it migrates it: partitions, roll-ups, views), for example
#      GATEWAY_DB_URL='jdbc:postgresql://127.0.0.1:5432/audit_bench?currentSchema=audit_http' GATEWAY_DB_USER=postgres \
#      GATEWAY_DB_PASSWORD=unused GATEWAY_DB_SCHEMA=audit_http GATEWAY_AUTH=off mvn -DskipTests package liberty:run
#    (createdb audit_bench first; HTTP_PORT=... moves it off 9080; with sign-in on, pass TOKEN=<admin token>).
# 2. src/bench/scripts/audit-http.sh [ROWS] [DAYS]      e.g. 100000 for a smoke run; SKIP_LOAD=1 times again only
#
# ADOPT_FROM=<schema> instead of loading moves the partitions of a schema that audit-queries.sh loaded and kept
# (KEEP=1, same database) into the gateway's table (detach, set schema, attach: seconds, not the load's minutes), then
# counts them into the roll-ups as above (or, where V7 ran on that schema after its load, takes its roll-ups).
#
# Environment: GATEWAY (http://localhost:9080), TOKEN; PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
# PGPASSWORD; BENCH_DB (audit_bench), BENCH_SCHEMA (audit_http); PLANS=1 prints each SQL statement's plan too.
# The rows already in the schema are deleted first.
set -euo pipefail
ROWS=${1:-10000000}
DAYS=${2:-30}
GATEWAY=${GATEWAY:-http://localhost:9080}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-audit_bench}
SCHEMA=${BENCH_SCHEMA:-audit_http}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
export PGOPTIONS="-c search_path=$SCHEMA"
sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
now() { date +%s.%N; }
AUTH=()
[ -n "${TOKEN:-}" ] && AUTH=(-H "Authorization: Bearer $TOKEN")

[ "$(sql -tAc "select count(*) from pg_tables where schemaname = '$SCHEMA' and tablename in ('flyway_schema_history', 'tool_execution_hourly', 'tool_execution_principal_totals_daily')")" = 3 ] \
  || { echo "schema $SCHEMA of $DB has no roll-ups: start a gateway on it first (see the top of $0)" >&2; exit 1; }
curl -fsS "${AUTH[@]}" "$GATEWAY/api/executions?limit=1" >/dev/null \
  || { echo "no gateway answers GET $GATEWAY/api/executions (GATEWAY, TOKEN)" >&2; exit 1; }

if [ "${SKIP_LOAD:-0}" != 1 ]; then
  sql -c "truncate tool_execution, tool_execution_hourly, tool_execution_principal_daily, tool_execution_principal_totals_daily"
  if [ -n "${ADOPT_FROM:-}" ]; then
    echo "Moving the partitions of $ADOPT_FROM.tool_execution into $SCHEMA.tool_execution ..."
    ROWS=$(sql -tAc "select count(*) from $ADOPT_FROM.tool_execution")
    t0=$(now)
    for p in $(sql -tAc "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                         where i.inhparent = '$ADOPT_FROM.tool_execution'::regclass and c.relname <> 'tool_execution_default'"); do
      bounds=$(sql -tAc "select pg_get_expr(relpartbound, oid) from pg_class where oid = '$ADOPT_FROM.$p'::regclass")
      sql -c "alter table $ADOPT_FROM.tool_execution detach partition $ADOPT_FROM.$p" -c "drop table if exists $SCHEMA.$p" \
          -c "alter table $ADOPT_FROM.$p set schema $SCHEMA" -c "alter table tool_execution attach partition $p $bounds"
    done
    t1=$(now)
    printf 'moved %s rows in %.1f s\n' "$ROWS" "$(echo "$t1 - $t0" | bc)"
    if [ "$(sql -tAc "select count(*) from pg_tables where schemaname = '$ADOPT_FROM' and tablename = 'tool_execution_hourly'")" = 1 ]; then
      # V7 ran there after the load (timed by hand, see db/README.md): take its roll-ups rather than counting again
      sql -c "insert into tool_execution_hourly select * from $ADOPT_FROM.tool_execution_hourly" \
          -c "insert into tool_execution_principal_daily select * from $ADOPT_FROM.tool_execution_principal_daily" \
          -c "insert into tool_execution_principal_totals_daily select day, principal, sum(calls), sum(succeeded), sum(rejected), count(*)
              from tool_execution_principal_daily group by day, principal"
      REBUILT=1
    fi
  else
    echo "Loading $ROWS rows over $DAYS days into the partitioned table ..."
    t0=$(now); sql -v rows="$ROWS" -v days="$DAYS" -f "$ROOT/src/bench/sql/audit-load.sql" >/dev/null; t1=$(now)
    printf 'loaded in %.1f s (%.0f rows/s)\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$ROWS / ($t1 - $t0)" | bc -l)"
  fi
  [ "${REBUILT:-0}" = 1 ] || {
  t0=$(now)
  counted=$(sql -tAc "select audit_rollups_rebuild(((now() - interval '$DAYS days') at time zone 'UTC')::date, (now() at time zone 'UTC')::date)")
  t1=$(now)
  printf 'roll-ups: %s calls counted in %.1f s (%.1f s per million rows)\n' "$counted" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "($t1 - $t0) * 1000000 / $ROWS" | bc -l)"
  }
  sql -c "vacuum analyze tool_execution" -c "vacuum analyze tool_execution_hourly" -c "vacuum analyze tool_execution_principal_daily" \
      -c "vacuum analyze tool_execution_principal_totals_daily" >/dev/null
fi
sql -tA -F ' ' -c "select 'rows', count(*) from tool_execution" \
    -c "select 'table and indexes', pg_size_pretty(sum(pg_total_relation_size(inhrelid))) from pg_inherits where inhparent = 'tool_execution'::regclass" \
    -c "select 'tool_execution_hourly', count(*), pg_size_pretty(pg_total_relation_size('tool_execution_hourly')) from tool_execution_hourly" \
    -c "select 'tool_execution_principal_daily', count(*), pg_size_pretty(pg_total_relation_size('tool_execution_principal_daily')) from tool_execution_principal_daily" \
    -c "select 'tool_execution_principal_totals_daily', count(*), pg_size_pretty(pg_total_relation_size('tool_execution_principal_totals_daily')) from tool_execution_principal_totals_daily"

# a cursor half-way into the table, as the API's nextCursor holds it: base64url("<started_at>|<id>")
IFS='|' read -r AT ID < <(sql -tA -F '|' -c "select to_char(started_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), id
  from tool_execution where started_at < now() - interval '$((DAYS / 2)) days' order by started_at desc, id desc limit 1")
CURSOR=$(printf '%s|%s' "$AT" "$ID" | base64 -w0 | tr '+/' '-_' | tr -d '=')
iso() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
HOUR_AGO=$(iso '1 hour ago'); WEEK_AGO=$(iso '7 days ago')

printf '\n%-58s %10s %8s\n' "question" "ms" "target"
get() { # name, target ms, path
  local ms code
  for i in 1 2 3; do
    read -r code ms < <(curl -sS -o /dev/null "${AUTH[@]}" -w '%{http_code} %{time_total}\n' "$GATEWAY$3")
  done
  ms=$(echo "$ms * 1000" | bc -l)
  printf '%-58s %10.1f %8s %s\n' "$1" "$ms" "$2" "$( [ "$code" = 200 ] || echo "HTTP $code"; awk -v m="$ms" -v t="$2" 'BEGIN { if (m > t) print "over" }')"
}
get "GET /api/executions (newest 50)" 200 "/api/executions"
get "... ?server=" 200 "/api/executions?server=server7"
get "... ?tool=" 200 "/api/executions?tool=server7.tool3"
get "... ?principal= (busy)" 200 "/api/executions?principal=user3"
get "... ?principal= (rare)" 200 "/api/executions?principal=user777"
get "... ?status=TIMEOUT" 200 "/api/executions?status=TIMEOUT"
get "... ?from= last hour" 200 "/api/executions?from=$HOUR_AGO"
get "... ?tool=&status=ERROR&from= 7 days" 200 "/api/executions?tool=server7.tool3&status=ERROR&from=$WEEK_AGO"
get "... ?cursor= $((DAYS / 2)) days deep" 200 "/api/executions?cursor=$CURSOR"
get "... ?server=&cursor= $((DAYS / 2)) days deep" 200 "/api/executions?server=server7&cursor=$CURSOR"
get "GET /api/executions/{id}" 200 "/api/executions/$ID"
for w in 1h:200 24h:2000 168h:2000; do
  get "GET /api/executions/stats?window=${w%%:*}" "${w##*:}" "/api/executions/stats?window=${w%%:*}"
  get "GET /api/executions/stats?window=${w%%:*}&exact=true" "${w##*:}" "/api/executions/stats?window=${w%%:*}&exact=true"
done

echo
run() { # name, target ms, sql: EXPLAIN ANALYZE's execution time, the third of three runs
  local ms
  ms=$(for i in 1 2 3; do sql -c "explain (analyze, costs off, timing off) $3"; done | grep 'Execution Time' | tail -1 | awk '{print $3}')
  printf '%-58s %10.1f %8s %s\n' "$1" "$ms" "$2" "$(awk -v m="$ms" -v t="$2" 'BEGIN { if (m > t) print "over" }')"
  [ "${PLANS:-0}" != 1 ] || sql -c "explain (costs off) $3" | sed 's/^/    /'
}
# the statements behind /api/executions/stats: the roll-up's whole hours, and the rows of a partial hour at an end
SUMS=$(for b in $(seq -w 0 76); do printf ', sum(b%s)' "$b"; done)
run "stats 7 d: the roll-up's whole hours" 2000 "select tool_id, server_id, sum(calls), sum(errors), sum(timeouts), sum(rejected)$SUMS from tool_execution_hourly where hour >= date_trunc('hour', now()) - interval '7 days' and hour < date_trunc('hour', now()) group by tool_id, server_id"
run "stats: the current hour's rows" 200 "select tool_id, server_id, status, audit_duration_bucket(duration_ms), count(*) from tool_execution where started_at >= date_trunc('hour', now()) and started_at < now() group by tool_id, server_id, status, audit_duration_bucket(duration_ms)"
for v in audit_error_rate_hourly audit_slowest_tools audit_calls_per_principal_daily audit_recent_failures; do
  run "view $v (all of it)" 2000 "select * from $v"
done
run "view audit_error_rate_hourly, last 24 hours" 200 "select * from audit_error_rate_hourly where hour > now() - interval '24 hours'"
run "view audit_calls_per_principal_daily, yesterday" 200 "select * from audit_calls_per_principal_daily where day = current_date - 1"
run "view audit_recent_failures, newest 50" 200 "select * from audit_recent_failures order by started_at desc limit 50"
for f in "$ROOT"/db/queries/*.sql; do
  run "db/queries/$(basename "$f")" 2000 "$(grep -v '^--' "$f" | tr '\n' ' ' | sed 's/;[[:space:]]*$//')"
done
