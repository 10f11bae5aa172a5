package dev.mcphybrid.status;

import dev.mcphybrid.common.Failures;
import dev.mcphybrid.persistence.DatabaseMigration;
import dev.mcphybrid.persistence.MigrationState;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Checks that a database connection answers, at most every {@link #FRESH} however often the status is asked for,
 * and never keeps a status call waiting longer than {@link #PATIENCE}: a database that takes longer counts as
 * unreachable for that call, while the check runs on.
 */
@ApplicationScoped
public class DatabaseProbe {

    static final Duration FRESH = Duration.ofSeconds(5);
    static final Duration PATIENCE = Duration.ofSeconds(2);

    private record Reachability(boolean reachable, String error, Instant checkedAt) {
    }

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    DatabaseMigration migration;

    private Reachability last;
    private CompletableFuture<Reachability> running;

    public DatabaseStatus status() {
        MigrationState state = migration.state();
        if (!state.ok()) {
            return new DatabaseStatus(state.status().name(), state.database(), state.version(), false, state.error(), null);
        }
        Reachability reachability = reachability();
        return new DatabaseStatus(state.status().name(), state.database(), state.version(), reachability.reachable(),
                reachability.error(), reachability.checkedAt());
    }

    private Reachability reachability() {
        CompletableFuture<Reachability> check;
        synchronized (this) {
            if (last != null && last.checkedAt().isAfter(Instant.now().minus(FRESH))) {
                return last;
            }
            if (running == null) {
                CompletableFuture<Reachability> started = CompletableFuture.supplyAsync(this::ping, executor);
                running = started;
                started.whenComplete((result, failure) -> remember(started, result, failure));
            }
            // null when the check already finished (remember ran on this thread)
            check = running != null ? running : CompletableFuture.completedFuture(last);
        }
        try {
            return check.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Reachability(false, "no connection within " + PATIENCE.toSeconds() + " s", Instant.now());
        } catch (ExecutionException e) {
            return new Reachability(false, Failures.rootMessage(e.getCause()), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reachability(false, "interrupted", Instant.now());
        }
    }

    private synchronized void remember(CompletableFuture<Reachability> check, Reachability result, Throwable failure) {
        last = result != null ? result : new Reachability(false, Failures.rootMessage(failure), Instant.now());
        if (running == check) {
            running = null;
        }
    }

    private Reachability ping() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid((int) PATIENCE.toSeconds());
            return new Reachability(valid, valid ? null : "connection did not answer within " + PATIENCE.toSeconds() + " s", Instant.now());
        } catch (Exception e) {
            return new Reachability(false, Failures.rootMessage(e), Instant.now());
        }
    }
}
