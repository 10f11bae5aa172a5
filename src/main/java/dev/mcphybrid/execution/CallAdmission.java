package dev.mcphybrid.execution;

import dev.mcphybrid.access.AccessDecision;
import dev.mcphybrid.access.AccessPolicies;
import dev.mcphybrid.limits.ArgumentLimits;
import dev.mcphybrid.ratelimit.Decision;
import dev.mcphybrid.ratelimit.RateLimits;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Whether a call may go ahead at all, before the tool is looked up: argument size, the access policy (first, so a
 * caller cannot probe which tools exist where it may not call), then the rate limits. Refusals are
 * {@link ExecutionFailure}s the executor audits as REJECTED.
 */
@ApplicationScoped
public class CallAdmission {

    @Inject
    AccessPolicies access;

    @Inject
    RateLimits rateLimits;

    @Inject
    ExecutionSettings settings;

    @Inject
    MetricRegistry metrics;

    private Counter rateLimitRefusals;

    @PostConstruct
    void init() {
        // registered now rather than at the first refusal, so the series is there from the start
        rateLimitRefusals = metrics.counter("gateway.ratelimit.refused");
    }

    /** @throws ExecutionFailure BAD_REQUEST for an overlong argument, FORBIDDEN by the policy, RATE_LIMITED */
    public void admit(CallerInfo caller, String toolId, JsonObject arguments) {
        ArgumentLimits.tooLong(arguments, settings.maxArgumentLength()).ifPresent(problem -> {
            throw new ExecutionFailure(FailureReason.BAD_REQUEST, "Argument too long: " + problem);
        });
        AccessDecision decision = access.decide(caller.caller(), toolId);
        if (!decision.allowed()) {
            throw new ExecutionFailure(FailureReason.FORBIDDEN, decision.reason());
        }
        Decision limit = rateLimits.checkExecution(caller.principal(), toolId);
        if (!limit.allowed()) {
            rateLimitRefusals.inc();
            throw new ExecutionFailure(FailureReason.RATE_LIMITED, "The rate limit of " + caller.principal() + " or of "
                    + toolId + " is reached; retry in " + limit.retryAfterSeconds() + " s", limit.retryAfterSeconds());
        }
    }

    /** Calls refused by a rate limit since start. */
    public long rateLimitRefusals() {
        return rateLimitRefusals.getCount();
    }
}
