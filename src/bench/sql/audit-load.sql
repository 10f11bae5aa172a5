-- Loads :rows synthetic but realistic tool_execution rows spread evenly over the last :days days (newest at now()):
-- 20 servers with 10 tools each, 500 principals (a few busy ones), about 3 % errors, 1 % timeouts, 2 % rejected
-- and 10 % cache hits, log-normal-ish durations, small JSON arguments. Run with
--   psql -v rows=1000000 -v days=30 -f src/bench/sql/audit-load.sql
-- against a schema the gateway migrated. On a partitioned tool_execution, the UTC days of the range that have no
-- partition yet get one first (as the gateway's own would be), so nothing lands in the default partition.
\set ON_ERROR_STOP on
\timing on
select set_config('audit_load.days', :'days', false) as days \gset
do $$
declare
    day date := ((now() - current_setting('audit_load.days')::int * interval '1 day') at time zone 'UTC')::date;
begin
    if exists (select 1 from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
               where c.relname = 'tool_execution' and c.relnamespace = current_schema()::regnamespace) then
        while day <= (now() at time zone 'UTC')::date loop
            if to_regclass('tool_execution_p' || to_char(day, 'YYYYMMDD')) is null then
                execute format('create table %I partition of tool_execution for values from (%L) to (%L)',
                               'tool_execution_p' || to_char(day, 'YYYYMMDD'), day || ' 00:00:00+00', (day + 1) || ' 00:00:00+00');
            end if;
            day := day + 1;
        end loop;
    end if;
end $$;
insert into tool_execution (id, request_id, tool_id, server_id, tool_name, principal, client_address, client_agent,
                            arguments, result_summary, result_size, status, error, cached, started_at, duration_ms)
select gen_random_uuid(),
       'req-' || md5(i::text),
       'server' || s || '.tool' || t,
       'server' || s,
       'tool' || t,
       case when i % 10 < 6 then 'user' || (i % 20) else 'user' || (hashint4(i)::bigint % 500 + 500) % 500 end,
       '10.0.' || (i % 250) || '.' || (i % 7 + 1),
       'mcp-client/1.' || (i % 5),
       jsonb_build_object('query', 'q' || (i % 1000), 'limit', i % 50),
       case when st = 'SUCCESS' then 'result of call ' || i end,
       case when st = 'SUCCESS' then 100 + i % 4000 end,
       st,
       case st when 'ERROR' then 'tool reported isError: boom ' || (i % 17)
               when 'TIMEOUT' then 'no answer within 30000 ms'
               when 'REJECTED' then 'arguments do not match the input schema' end,
       st = 'SUCCESS' and r < 0.10,
       now() - (:days * interval '1 day') * (i::float8 / :rows),
       case when st = 'REJECTED' then 0 when st = 'TIMEOUT' then 30000
            else (5 + exp(random() * 6))::bigint end
from (select i,
             (hashint4(i * 7)::bigint % 20 + 20) % 20 + 1 as s,
             (hashint4(i * 13)::bigint % 10 + 10) % 10 + 1 as t,
             random() as r,
             case when (i % 100) < 3 then 'ERROR' when (i % 100) = 3 then 'TIMEOUT'
                  when (i % 100) < 6 then 'REJECTED' else 'SUCCESS' end as st
      from generate_series(1, :rows) i) g;
analyze tool_execution;
