package dev.mcphybrid.execution.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.execution.FailureReason;
import dev.mcphybrid.problem.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every reason has its HTTP status, and the audit status follows the reason, never the HTTP code. */
class ExecutionFailureMapperTest {

    private static final Map<FailureReason, Integer> STATUS = Map.ofEntries(
            Map.entry(FailureReason.BAD_REQUEST, 400), Map.entry(FailureReason.INVALID_ARGUMENTS, 422),
            Map.entry(FailureReason.UNKNOWN_TOOL, 404), Map.entry(FailureReason.FORBIDDEN, 403),
            Map.entry(FailureReason.RATE_LIMITED, 429), Map.entry(FailureReason.CIRCUIT_OPEN, 503),
            Map.entry(FailureReason.SERVER_BUSY, 503), Map.entry(FailureReason.SERVER_UNAVAILABLE, 503),
            Map.entry(FailureReason.SERVER_ERROR, 502), Map.entry(FailureReason.SERVER_UNREACHABLE, 502),
            Map.entry(FailureReason.TIMEOUT, 504), Map.entry(FailureReason.CANCELLED, 409));

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void each_reason_is_a_problem_with_its_status_and_the_detail(FailureReason reason) {
        Problem problem = ExecutionFailureMapper.problemOf(new ExecutionFailure(reason, "what happened"));

        assertThat(problem.status()).isEqualTo(STATUS.get(reason));
        assertThat(problem.detail()).isEqualTo("what happened");
        assertThat(problem.type()).isNotBlank();
    }

    @Test
    void busy_and_open_circuits_are_503_yet_audited_as_rejected_while_a_down_server_is_an_error() {
        assertThat(FailureReason.SERVER_BUSY.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(FailureReason.CIRCUIT_OPEN.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(FailureReason.SERVER_UNAVAILABLE.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(FailureReason.TIMEOUT.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    }

    @Test
    void schema_violations_are_listed_as_an_extension() {
        Problem problem = ExecutionFailureMapper.problemOf(new ExecutionFailure(FailureReason.INVALID_ARGUMENTS, "bad",
                List.of("/a: string found, number expected"), null));

        assertThat(problem.extensions()).containsEntry("violations", List.of("/a: string found, number expected"));
    }
}
