package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class WriteFailureTest {

    @Test
    void a_value_postgresql_cannot_store_is_bad_data_with_its_sqlstate_and_message() {
        SQLException driver = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: unnamed portal", "22021");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 insert into tool_execution ... was aborted", "22021", new int[0]);
        batch.setNextException(driver);
        WriteFailure failure = WriteFailure.of(new PersistenceException("could not execute batch", batch));
        assertThat(failure.kind()).isEqualTo(WriteFailure.Kind.DATA);
        assertThat(failure.sqlState()).isEqualTo("22021");
        assertThat(failure.message()).isEqualTo("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    @Test
    void constraint_violations_and_program_limits_are_bad_data() {
        assertThat(kind(new SQLException("violates check constraint", "23514"))).isEqualTo(WriteFailure.Kind.DATA);
        assertThat(kind(new SQLException("unsupported Unicode escape sequence", "22P05"))).isEqualTo(WriteFailure.Kind.DATA);
        assertThat(kind(new SQLException("index row size exceeds maximum", "54000"))).isEqualTo(WriteFailure.Kind.DATA);
    }

    @Test
    void connection_shutdown_resource_and_rollback_states_are_an_outage() {
        for (String state : new String[] {"08006", "08001", "57P01", "57P03", "53300", "40001", "40P01", "25006", "42P01", "55P03"}) {
            assertThat(kind(new SQLException("x", state))).as(state).isEqualTo(WriteFailure.Kind.OUTAGE);
        }
    }

    @Test
    void connection_exceptions_and_timeouts_are_an_outage_even_without_a_state() {
        assertThat(kind(new SQLTransientConnectionException("pool exhausted"))).isEqualTo(WriteFailure.Kind.OUTAGE);
        assertThat(kind(new IllegalStateException(new ConnectException("Connection refused")))).isEqualTo(WriteFailure.Kind.OUTAGE);
        assertThat(kind(new java.net.SocketTimeoutException("Read timed out"))).isEqualTo(WriteFailure.Kind.OUTAGE);
    }

    @Test
    void signs_of_an_outage_win_over_signs_of_bad_data() {
        SQLException data = new SQLException("value too long", "22001");
        data.setNextException(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        assertThat(kind(data)).isEqualTo(WriteFailure.Kind.OUTAGE);
    }

    @Test
    void anything_else_is_unknown() {
        assertThat(kind(new IllegalStateException("boom"))).isEqualTo(WriteFailure.Kind.UNKNOWN);
        assertThat(kind(new SQLException("raised", "P0001"))).isEqualTo(WriteFailure.Kind.UNKNOWN);
        assertThat(WriteFailure.of(new SQLException("raised", "P0001")).sqlState()).isEqualTo("P0001");
    }

    private static WriteFailure.Kind kind(Throwable error) {
        return WriteFailure.of(new PersistenceException("wrapped", error)).kind();
    }
}
