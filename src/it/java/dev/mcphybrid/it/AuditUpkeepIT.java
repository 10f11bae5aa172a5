package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The audit upkeep as the gateway runs it: the cluster's leader (gateway-it or gateway-it3, both on the IT schema)
 * makes partitions ahead and drops expired ones and old roll-ups on its timer (every 3 s in the IT servers'
 * configuration, gateway.audit.upkeep-interval-ms), and the audit writer keeps the roll-ups equal to the rows.
 */
class AuditUpkeepIT {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Test
    void the_leaders_upkeep_makes_a_missing_partition_ahead_again_and_drops_expired_partitions_and_roll_ups() {
        GatewayFixture.readyGateway();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String ahead = "tool_execution_p" + DAY.format(today.plusDays(3));
        await("the upkeep made " + ahead, () -> exists(ahead));
        Database.execute("alter table tool_execution detach partition " + ahead);
        Database.execute("drop table " + ahead);
        assertThat(exists(ahead)).isFalse();

        // a day past the retention (90 days), with a row, and a roll-up hour past the roll-ups' own (400 days)
        LocalDate old = today.minusDays(200);
        String expired = "tool_execution_p" + DAY.format(old);
        Database.execute("create table " + expired + " partition of tool_execution for values from ('" + old
                + " 00:00:00+00') to ('" + old.plusDays(1) + " 00:00:00+00')");
        Database.execute("insert into " + expired + " (id, request_id, tool_id, server_id, tool_name, principal, status,"
                + " started_at, duration_ms) values (gen_random_uuid(), 'upkeep-it', 's.t', 's', 't', 'p', 'SUCCESS', '"
                + old + " 12:00:00+00', 5)");
        Instant oldHour = Instant.now().minus(Duration.ofDays(500)).truncatedTo(ChronoUnit.HOURS);
        Database.execute("insert into tool_execution_hourly (hour, server_id, tool_id, cached, calls, succeeded, errors,"
                + " timeouts, rejected, cancelled, duration_sum_ms, duration_max_ms) values ('" + oldHour
                + "', 'upkeep-it', 'upkeep-it.t', false, 1, 1, 0, 0, 0, 0, 5, 5)");
        Database.execute("insert into tool_execution_principal_totals_daily (day, principal, calls, succeeded, rejected,"
                + " distinct_tools) values ('" + LocalDate.ofInstant(oldHour, ZoneOffset.UTC) + "', 'upkeep-it', 1, 1, 0, 1)");

        await("the upkeep made " + ahead + " again", () -> exists(ahead));
        await("the upkeep dropped " + expired, () -> !exists(expired));
        await("the upkeep deleted the roll-up of " + oldHour,
                () -> Database.count("select count(*) from tool_execution_hourly where server_id = 'upkeep-it'") == 0);
        await("the upkeep deleted the principal-day of " + oldHour,
                () -> Database.count("select count(*) from tool_execution_principal_totals_daily where principal = 'upkeep-it'") == 0);
        assertThat(Database.count("select count(*) from tool_execution where request_id = 'upkeep-it'")).isZero();
        assertThat(Database.count("select count(*) from tool_execution_default")).isZero();
    }

    @Test
    void after_a_burst_of_calls_the_roll_ups_hold_exactly_what_the_rows_hold() throws Exception {
        GatewayClient gateway = GatewayFixture.readyGateway();
        GatewayFixture.awaitState(gateway, "everything", "HEALTHY", Duration.ofSeconds(180));
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String body = switch (i % 4) {
                    case 0 -> "{\"arguments\": {\"a\": " + i + ", \"b\": 1}}";
                    case 1 -> "{\"arguments\": {\"a\": \"not a number\"}}"; // REJECTED
                    default -> "{\"arguments\": {\"a\": 1, \"b\": " + i + "}}";
                };
                calls.add(CompletableFuture.supplyAsync(() ->
                        gateway.post("/api/tools/everything.get-sum/execute", body).status(), pool));
            }
            for (CompletableFuture<Integer> call : calls) {
                assertThat(call.get()).isIn(200, 422); // 422: arguments the tool's schema refuses, audited as REJECTED
            }
        } finally {
            pool.shutdown();
        }
        await("the burst's 200 rows are written", () -> Database.count("select count(*) from tool_execution where tool_id ="
                + " 'everything.get-sum' and started_at >= ?", java.sql.Timestamp.from(start)) >= 200);

        // one statement, one snapshot: the writer commits rows and roll-ups together
        String hours = "date_trunc('hour', '" + start + "'::timestamptz, 'UTC')";
        String differences = """
                with raw as (
                    select date_trunc('hour', started_at, 'UTC') as hour, server_id, tool_id, cached, count(*) as calls,
                           count(*) filter (where status = 'SUCCESS') as succeeded,
                           count(*) filter (where status = 'ERROR') as errors,
                           count(*) filter (where status = 'TIMEOUT') as timeouts,
                           count(*) filter (where status = 'REJECTED') as rejected,
                           count(*) filter (where status = 'CANCELLED') as cancelled,
                           coalesce(sum(duration_ms) filter (where status <> 'REJECTED'), 0) as duration_sum_ms,
                           coalesce(max(duration_ms) filter (where status <> 'REJECTED'), 0) as duration_max_ms,
                           array_agg(audit_duration_bucket(duration_ms) order by audit_duration_bucket(duration_ms))
                               filter (where status <> 'REJECTED') as buckets
                    from tool_execution where started_at >= %1$s group by 1, 2, 3, 4),
                rollup as (
                    select hour, server_id, tool_id, cached, calls, succeeded, errors, timeouts, rejected, cancelled,
                           duration_sum_ms, duration_max_ms,
                           (select array_agg(b order by b) from generate_series(0, 76) b,
                                   generate_series(1, (to_jsonb(h) ->> ('b' || lpad(b::text, 2, '0')))::int)) as buckets
                    from tool_execution_hourly h where hour >= %1$s)
                """.formatted(hours) + differencesBetween("select * from raw", "select * from rollup");
        assertThat(Database.count("select count(*) from tool_execution_hourly where hour >= " + hours + " and tool_id = 'everything.get-sum'"))
                .isPositive();
        assertThat(Database.count(differences)).as(Database.dump(differences)).isZero();
        String sinceDay = "started_at >= date_trunc('day', '%1$s'::timestamptz, 'UTC')".formatted(start);
        String fromDay = "day >= ('%1$s'::timestamptz at time zone 'UTC')::date".formatted(start);
        String principals = differencesBetween("""
                select (started_at at time zone 'UTC')::date, principal, tool_id, count(*),
                       count(*) filter (where status = 'SUCCESS'), count(*) filter (where status = 'REJECTED')
                from tool_execution where %s group by 1, 2, 3""".formatted(sinceDay), """
                select day, principal, tool_id, calls, succeeded, rejected from tool_execution_principal_daily
                where %s""".formatted(fromDay));
        assertThat(Database.count(principals)).isZero();
        String principalDays = differencesBetween("""
                select (started_at at time zone 'UTC')::date, principal, count(*), count(*) filter (where status = 'SUCCESS'),
                       count(*) filter (where status = 'REJECTED'), count(distinct tool_id)
                from tool_execution where %s group by 1, 2""".formatted(sinceDay), """
                select day, principal, calls, succeeded, rejected, distinct_tools from tool_execution_principal_totals_daily
                where %s""".formatted(fromDay));
        assertThat(Database.count(principalDays)).as("principal-days that differ from the rows").isZero();

        // the API's statistics over a long window come from the roll-ups and count what the rows count
        JsonObject fromRollups = gateway.get("/api/executions/stats?window=6h").object();
        JsonObject exact = gateway.get("/api/executions/stats?window=6h&exact=true").object();
        assertThat(fromRollups.getString("percentiles")).isEqualTo("histogram");
        assertThat(exact.getString("percentiles")).isEqualTo("exact");
        assertThat(fromRollups.getJsonObject("total").getJsonNumber("count").longValue())
                .isGreaterThanOrEqualTo(200)
                .isLessThanOrEqualTo(exact.getJsonObject("total").getJsonNumber("count").longValue());
        ProblemAssertions.assertProblem(gateway.get("/api/executions/stats?exact=maybe"), 400);
    }

    private static boolean exists(String table) {
        return Database.count("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = ? and c.relname = ?", Database.SCHEMA, table) == 1;
    }

    /**
     * The upkeep's first round comes 30 s after its timer bean started, which on a busy machine can be a minute or two
     * after the gateway first answers: 3 minutes (rounds after the first come every 3 s).
     */
    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what + " within 180 s").isBefore(deadline);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Counts the rows two queries of the same columns do not share, both ways, in one statement (one snapshot). */
    private static String differencesBetween(String derived, String stored) {
        return "select count(*) from ((" + derived + " except all " + stored + ") union all (" + stored + " except all "
                + derived + ")) d";
    }
}
