#!/usr/bin/env bash
# The audit log at scale, at the SQL level: loads ROWS realistic tool_execution rows (default 10 million, 30 days,
# see src/bench/sql/audit-load.sql) into an unpartitioned table as the gateway had it before V6, times the V6
# conversion into the partitioned table, then times every question the API and the DBAs ask: GET /api/executions
# with each filter and keyset paging deep into the table, /api/executions/stats over 1 h / 24 h / 7 d (its three
# statements), every db/queries example and every DBA view. Each query runs three times; the last (warm) time is
# printed with its target (interactive 200 ms, report 2 s). Prints numbers, never fails on them.
#
#   src/bench/scripts/audit-queries.sh [ROWS] [DAYS]          e.g. src/bench/scripts/audit-queries.sh 100000 for a smoke run
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD; BENCH_DB (audit_bench, created
# when missing), BENCH_SCHEMA (audit_bench, dropped and made again at the start); KEEP=1 keeps the schema at the end.
set -euo pipefail
ROWS=${1:-10000000}
DAYS=${2:-30}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-audit_bench}
SCHEMA=${BENCH_SCHEMA:-audit_bench}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
export PGOPTIONS="-c search_path=$SCHEMA"

psql -X -q -d postgres -tAc "select 1 from pg_database where datname = '$DB'" | grep -q 1 || psql -X -q -d postgres -c "create database $DB"
sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
migration() { sed 's/\${json_type}/jsonb/g' "$1" | sql -1 -f - 2>&1 | grep -v '^NOTICE\|^psql.*NOTICE' || true; }
now() { date +%s.%N; }

sql -c "drop schema if exists $SCHEMA cascade" -c "create schema $SCHEMA"
# every versioned migration of both folders in version order: those before V6, then (after loading) V6, then the rest
version() { basename "$1" | sed -E 's/^V([0-9]+)__.*/\1/'; }
MIGRATIONS=$(for f in "$ROOT"/db/migration/V*.sql "$ROOT"/db/vendor/postgresql/V*.sql; do echo "$(version "$f") $f"; done | sort -n)
while read -r v f; do [ "$v" -lt 6 ] && migration "$f"; done <<< "$MIGRATIONS"

echo "Loading $ROWS rows over $DAYS days into the unpartitioned table (as before V6) ..."
t0=$(now); sql -v rows="$ROWS" -v days="$DAYS" -f "$ROOT/src/bench/sql/audit-load.sql" >/dev/null; t1=$(now)
size=$(sql -tAc "select pg_size_pretty(pg_total_relation_size('tool_execution'))")
printf 'loaded in %.1f s (%.0f rows/s); table and indexes %s\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$ROWS / ($t1 - $t0)" | bc -l)" "$size"

echo "Converting (V6, one transaction, table locked throughout) ..."
t0=$(now); migration "$ROOT"/db/vendor/postgresql/V6__tool_execution_partitioned.sql; t1=$(now)
printf 'V6 converted %s rows in %.1f s: %.1f s per million rows\n' "$ROWS" "$(echo "$t1 - $t0" | bc)" "$(echo "($t1 - $t0) * 1000000 / $ROWS" | bc -l)"
while read -r v f; do [ "$v" -gt 6 ] && migration "$f"; done <<< "$MIGRATIONS"
for f in "$ROOT"/db/vendor/postgresql/R__*.sql; do migration "$f"; done
sql -c "vacuum analyze tool_execution" >/dev/null
echo "partitions: $(sql -tAc "select count(*) from pg_inherits where inhparent = 'tool_execution'::regclass"), default partition rows: $(sql -tAc 'select count(*) from tool_execution_default')"

# a cursor half-way into the table (what the API's nextCursor holds: started_at and id of the last row shown)
IFS='|' read -r AT ID < <(sql -tA -F '|' -c "select started_at, id from tool_execution where started_at < now() - interval '$((DAYS / 2)) days' order by started_at desc, id desc limit 1")
printf '\n%-50s %10s %8s\n' "question" "ms" "target"
run() { # name, target ms, sql
  local ms
  ms=$(for i in 1 2 3; do sql -c "explain (analyze, costs off, timing off) $3"; done | grep 'Execution Time' | tail -1 | awk '{print $3}')
  printf '%-50s %10.1f %8s %s\n' "$1" "$ms" "$2" "$(awk -v m="$ms" -v t="$2" 'BEGIN { print (m > t ? "over" : "") }')"
}
P="select * from tool_execution"; O="order by started_at desc, id desc fetch first 51 rows only"
run "executions: newest page" 200 "$P $O"
run "executions: server" 200 "$P where server_id = 'server7' $O"
run "executions: tool" 200 "$P where tool_id = 'server7.tool3' $O"
run "executions: principal (busy)" 200 "$P where principal = 'user3' $O"
run "executions: principal (rare)" 200 "$P where principal = 'user777' $O"
run "executions: status TIMEOUT" 200 "$P where status = 'TIMEOUT' $O"
run "executions: last hour" 200 "$P where started_at >= now() - interval '1 hour' and started_at < now() $O"
run "executions: tool + ERROR, 7 d" 200 "$P where tool_id = 'server7.tool3' and status = 'ERROR' and started_at >= now() - interval '7 days' $O"
run "executions: page $((DAYS / 2)) days deep" 200 "$P where (started_at < '$AT' or (started_at = '$AT' and id < '$ID')) $O"
run "executions: server, $((DAYS / 2)) days deep" 200 "$P where server_id = 'server7' and (started_at < '$AT' or (started_at = '$AT' and id < '$ID')) $O"
run "executions/{id}" 200 "$P where id = '$ID'"
A="count(*), sum(case when status = 'ERROR' then 1 else 0 end), sum(case when status = 'TIMEOUT' then 1 else 0 end), sum(case when status = 'REJECTED' then 1 else 0 end), percentile_cont(0.5) within group (order by case when status <> 'REJECTED' then duration_ms end), percentile_cont(0.95) within group (order by case when status <> 'REJECTED' then duration_ms end) from tool_execution"
for w in "1 hour:200" "24 hours:2000" "7 days:2000"; do
  span=${w%%:*}; target=${w##*:}; W="where started_at >= now() - interval '$span' and started_at < now()"
  run "stats $span: all" "$target" "select 'all', $A $W"
  run "stats $span: by tool" "$target" "select tool_id, $A $W group by tool_id order by count(*) desc, tool_id"
  run "stats $span: by server" "$target" "select server_id, $A $W group by server_id order by count(*) desc, server_id"
done
for f in "$ROOT"/db/queries/*.sql; do
  run "db/queries/$(basename "$f")" 2000 "$(grep -v '^--' "$f" | tr '\n' ' ' | sed 's/;[[:space:]]*$//')"
done
for v in audit_error_rate_hourly audit_slowest_tools audit_calls_per_principal_daily audit_recent_failures; do
  run "view $v (all of it)" 2000 "select * from $v"
done
run "view audit_recent_failures, newest 50" 200 "select * from audit_recent_failures order by started_at desc limit 50"

[ "${KEEP:-0}" = 1 ] || sql -c "drop schema $SCHEMA cascade"
