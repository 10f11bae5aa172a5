package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.security.Caller;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission before any lookup: argument size, then the access policy, then the rate limits, each with its reason. */
class CallAdmissionTest {

    private static final CallerInfo ALICE = new CallerInfo(new Caller("alice", Set.of("operator")), "10.0.0.1", "test", "r1");
    private static final CallerInfo BOB = new CallerInfo(new Caller("bob", Set.of("operator")), "10.0.0.2", "test", "r2");
    private static final JsonObject SMALL = Json.createObjectBuilder().add("message", "hi").build();

    @TempDir
    Path directory;

    private final AtomicLong refusals = new AtomicLong();
    private final ExecutionSettings settings = ExecutorWiring.settings();

    @Test
    void an_overlong_argument_is_a_bad_request_naming_where_it_is() {
        settings.maxArgumentLength = 10;
        CallAdmission admission = admission("/nonexistent/policy.yml", false);
        JsonObject nested = Json.createObjectBuilder().add("outer", Json.createObjectBuilder().add("text", "x".repeat(11))).build();

        assertThatThrownBy(() -> admission.admit(ALICE, "s.echo", nested)).isInstanceOfSatisfying(ExecutionFailure.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.BAD_REQUEST);
            assertThat(e.detail()).contains("arguments.outer.text").contains("11 characters").contains("limit is 10");
        });
    }

    @Test
    void the_access_policy_refuses_with_its_reason_before_any_rate_limit_is_spent() throws Exception {
        Path policy = Files.writeString(directory.resolve("policy.yml"), """
                rules:
                  - principals: [alice]
                    tools: ["s.*"]
                    allow: true
                """);
        CallAdmission admission = admission(policy.toString(), true);

        admission.admit(ALICE, "s.echo", SMALL);
        assertThatThrownBy(() -> admission.admit(BOB, "s.echo", SMALL)).isInstanceOfSatisfying(ExecutionFailure.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.FORBIDDEN);
            assertThat(e.status()).isEqualTo(dev.mcphybrid.audit.ExecutionStatus.REJECTED);
            assertThat(e.detail()).contains("bob");
        });
        assertThat(refusals).hasValue(0);
    }

    @Test
    void a_caller_over_its_rate_limit_is_refused_with_retry_after_and_counted() {
        CallAdmission admission = admission("/nonexistent/policy.yml", true);

        admission.admit(ALICE, "s.echo", SMALL);
        admission.admit(ALICE, "s.echo", SMALL);
        assertThatThrownBy(() -> admission.admit(ALICE, "s.echo", SMALL)).isInstanceOfSatisfying(ExecutionFailure.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.RATE_LIMITED);
            assertThat(e.retryAfterSeconds()).isPositive();
            assertThat(e.detail()).contains("alice").contains("s.echo");
        });
        admission.admit(BOB, "s.echo", SMALL); // another caller has a bucket of its own
        assertThat(refusals).hasValue(1);
        assertThat(admission.rateLimitRefusals()).isEqualTo(1);
    }

    /** Two calls of burst per principal, refilled far slower than the test runs; tools are not limited. */
    private CallAdmission admission(String policyFile, boolean rateLimited) {
        return ExecutorWiring.admission(settings, policyFile, rateLimited, "0.01/2", "1000/1000", countingMetrics());
    }

    private MetricRegistry countingMetrics() {
        Counter counter = (Counter) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Counter.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inc" -> {
                        refusals.addAndGet(args == null ? 1 : (Long) args[0]);
                        yield null;
                    }
                    case "getCount" -> refusals.get();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MetricRegistry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("counter") && args.length == 1 && args[0] instanceof String) {
                        return counter;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
