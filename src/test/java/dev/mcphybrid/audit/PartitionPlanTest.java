package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.audit.PartitionPlan.Range;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {

    static final Instant NOW = Instant.parse("2026-11-30T17:45:00Z"); // a Monday

    static Range day(String date) {
        Instant from = Instant.parse(date + "T00:00:00Z");
        return new Range(PartitionPlan.name(from), from, PartitionInterval.DAY.next(from));
    }

    @Test
    void intervals_start_at_midnight_utc_of_the_day_the_monday_and_the_first_of_the_month() {
        assertThat(PartitionInterval.DAY.floor(NOW)).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(PartitionInterval.DAY.next(NOW)).isEqualTo("2026-12-01T00:00:00Z");
        Instant sunday = Instant.parse("2026-12-06T23:59:59Z");
        assertThat(PartitionInterval.WEEK.floor(sunday)).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(PartitionInterval.WEEK.next(sunday)).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(PartitionInterval.MONTH.floor(NOW)).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(PartitionInterval.MONTH.next(Instant.parse("2026-12-31T23:00:00Z"))).isEqualTo("2027-01-01T00:00:00Z");
    }

    @Test
    void the_interval_is_read_in_any_case_and_anything_else_is_refused_by_name() {
        assertThat(PartitionInterval.parse(" Month ")).isEqualTo(PartitionInterval.MONTH);
        assertThatThrownBy(() -> PartitionInterval.parse("hourly"))
                .hasMessageContaining("gateway.audit.partition-interval").hasMessageContaining("hourly");
    }

    @Test
    void without_partitions_the_current_day_and_the_days_ahead_are_planned() {
        List<Range> missing = PartitionPlan.missing(List.of(), NOW, PartitionInterval.DAY, 3);

        assertThat(missing).extracting(Range::name).containsExactly("tool_execution_p20261130", "tool_execution_p20261201",
                "tool_execution_p20261202", "tool_execution_p20261203");
        assertThat(missing.get(3).from()).isEqualTo("2026-12-03T00:00:00Z");
        assertThat(missing.get(3).to()).isEqualTo("2026-12-04T00:00:00Z");
    }

    @Test
    void existing_partitions_are_kept_and_only_the_gaps_are_filled() {
        List<Range> missing = PartitionPlan.missing(List.of(day("2026-11-29"), day("2026-11-30"), day("2026-12-02")),
                NOW, PartitionInterval.DAY, 3);

        assertThat(missing).extracting(Range::name).containsExactly("tool_execution_p20261201", "tool_execution_p20261203");
        assertThat(PartitionPlan.missing(List.of(day("2026-11-30"), day("2026-12-01")), NOW, PartitionInterval.DAY, 1)).isEmpty();
    }

    @Test
    void a_switch_to_months_fills_the_gaps_of_the_current_month_and_the_rest_of_the_next_after_the_daily_partitions() {
        List<Range> missing = PartitionPlan.missing(List.of(day("2026-11-30"), day("2026-12-01"), day("2026-12-02")),
                NOW, PartitionInterval.MONTH, 1);

        assertThat(missing).containsExactly(
                new Range("tool_execution_p20261101", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z")),
                new Range("tool_execution_p20261203", Instant.parse("2026-12-03T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
        assertThat(PartitionPlan.missing(List.of(), NOW, PartitionInterval.MONTH, 1)).extracting(Range::name)
                .containsExactly("tool_execution_p20261101", "tool_execution_p20261201");
    }

    @Test
    void a_partition_that_does_not_start_at_midnight_is_named_with_its_time() {
        Range odd = new Range("dba_made", Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-11-30T12:00:00Z"));

        assertThat(PartitionPlan.missing(List.of(odd), NOW, PartitionInterval.DAY, 0)).containsExactly(
                new Range("tool_execution_p20261130_120000", Instant.parse("2026-11-30T12:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")));
    }

    @Test
    void a_partition_up_to_maxvalue_covers_everything_after_it() {
        Range open = new Range("rest", Instant.parse("2026-12-01T00:00:00Z"), Instant.MAX);

        assertThat(PartitionPlan.missing(List.of(open), NOW, PartitionInterval.DAY, 5)).extracting(Range::name)
                .containsExactly("tool_execution_p20261130");
        assertThat(PartitionPlan.expired(List.of(open), Instant.parse("2030-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void only_partitions_that_end_at_or_before_the_cutoff_expire() {
        Instant cutoff = Instant.parse("2026-09-01T10:00:00Z");
        List<Range> existing = List.of(day("2026-09-01"), day("2026-08-31"), day("2026-08-30"), day("2026-09-02"));

        assertThat(PartitionPlan.expired(existing, cutoff)).extracting(Range::name)
                .containsExactly("tool_execution_p20260830", "tool_execution_p20260831");
    }

    @Test
    void names_of_partitions_made_elsewhere_are_quoted() {
        assertThat(AuditPartitions.quoted("Old \"archive\"")).isEqualTo("\"Old \"\"archive\"\"\"");
    }
}
