package dev.mcphybrid.audit;

import dev.mcphybrid.common.Failures;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Why a write to the database failed, read from the exception chain (causes and chained SQL exceptions):
 * <ul>
 * <li>{@link Kind#OUTAGE}: the database cannot be used now (no connection, SQLState classes 08 connection, 53
 * insufficient resources, 57 operator intervention, 58 system error, 40 transaction rollback, 25 invalid
 * transaction state e.g. a read-only replica, 42 missing table or privilege, 55 lock not available; socket errors
 * and timeouts). Retry later; the records are fine.</li>
 * <li>{@link Kind#DATA}: the database refused what was written (class 22 data exception, 23 integrity constraint,
 * 54 program limit exceeded). Retrying the same records can never succeed.</li>
 * <li>{@link Kind#UNKNOWN}: neither can be told; the caller asks the database whether it answers.</li>
 * </ul>
 * Signs of an outage win over signs of bad data, so a broken connection never sends good records to the dead letters.
 */
public record WriteFailure(Kind kind, String sqlState, String message) {

    public enum Kind { DATA, OUTAGE, UNKNOWN }

    private static final Set<String> OUTAGE_CLASSES = Set.of("08", "53", "57", "58", "40", "25", "42", "55");
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    public static WriteFailure of(Throwable error) {
        String dataState = null;
        String otherState = null;
        for (Throwable t : chain(error)) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException || t instanceof SocketException
                    || t instanceof SocketTimeoutException || t instanceof EOFException || t instanceof TimeoutException) {
                return new WriteFailure(Kind.OUTAGE, t instanceof SQLException sql ? sql.getSQLState() : null, message(error));
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                String state = sql.getSQLState();
                String sqlClass = state.substring(0, 2);
                if (OUTAGE_CLASSES.contains(sqlClass)) {
                    return new WriteFailure(Kind.OUTAGE, state, message(error));
                }
                if (DATA_CLASSES.contains(sqlClass)) {
                    dataState = dataState == null ? state : dataState;
                } else {
                    otherState = otherState == null ? state : otherState;
                }
            }
        }
        if (dataState != null) {
            return new WriteFailure(Kind.DATA, dataState, message(error));
        }
        return new WriteFailure(Kind.UNKNOWN, otherState, message(error));
    }

    /** The exception, its causes, suppressed exceptions and chained SQL exceptions, each once. */
    private static List<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> ordered = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(error);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            ordered.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                todo.add(suppressed);
            }
        }
        return ordered;
    }

    /** The most telling line: the first SQL exception's (it names the value), else the innermost cause's. */
    private static String message(Throwable error) {
        String found = null;
        for (Throwable t : chain(error)) {
            if (t instanceof SQLException sql && !(t instanceof BatchUpdateException) && sql.getMessage() != null) {
                found = sql.getMessage();
                break;
            }
        }
        if (found == null) {
            found = Failures.rootMessage(error);
        }
        String line = found.lines().findFirst().orElse(found);
        return line.length() > 500 ? line.substring(0, 499) + "…" : line;
    }
}
