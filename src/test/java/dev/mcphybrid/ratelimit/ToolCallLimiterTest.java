package dev.mcphybrid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ToolCallLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final MemoryRateLimiter memory = new MemoryRateLimiter(now::get, Duration.ofSeconds(10), 1000);
    private final ToolCallLimiter calls = new ToolCallLimiter(memory, new Limit(0.1, 2),
            ToolLimits.parse(new Limit(0.1, 3), List.of("slow.*=0.05/1")));

    @Test
    void a_principal_is_limited_across_tools() {
        assertThat(calls.check("alice", "a.one").allowed()).isTrue();
        assertThat(calls.check("alice", "b.two").allowed()).isTrue();
        Decision refused = calls.check("alice", "c.three");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).as("one token at 0.1/s").isEqualTo(10);
        assertThat(calls.check("bob", "c.three").allowed()).as("bob has his own bucket").isTrue();
    }

    @Test
    void a_tool_is_limited_across_principals_with_its_override() {
        assertThat(calls.check("alice", "slow.query").allowed()).isTrue();
        Decision refused = calls.check("bob", "slow.query");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).as("the tool's 0.05/s, not the principal's 0.1/s").isEqualTo(20);
        assertThat(calls.check("bob", "slow.other").allowed()).as("each matching tool has its own bucket").isTrue();
    }

    @Test
    void a_refused_principal_does_not_spend_the_tools_tokens() {
        calls.check("alice", "a.one");
        calls.check("alice", "a.one");
        for (int i = 0; i < 5; i++) {
            assertThat(calls.check("alice", "a.one").allowed()).isFalse();
        }
        assertThat(calls.check("bob", "a.one")).as("a.one has one of its three tokens left").isEqualTo(Decision.allow(0));
    }

    @Test
    void remaining_is_the_smaller_of_the_two_buckets() {
        assertThat(calls.check("alice", "a.one").remaining()).as("principal 1 left, tool 2 left").isEqualTo(1);
    }

    @Test
    void no_principal_counts_as_anonymous() {
        calls.check(null, "a.one");
        calls.check("", "b.two");
        assertThat(calls.check("anonymous", "c.three").allowed()).isFalse();
    }

    @Test
    void keys_name_the_kind_of_bucket() {
        calls.check("search.query", "search.query");
        assertThat(memory.size()).as("principal:search.query and tool:search.query are different buckets").isEqualTo(2);
    }
}
