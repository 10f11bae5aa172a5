package dev.mcphybrid.status;

import dev.mcphybrid.audit.ExecutionStatus;
import java.time.Instant;

/**
 * Call counts of one series in time buckets: one per minute for the last hour and one per hour for the last day,
 * so a window is a sum of at most 60 buckets and nothing is ever scanned from the audit table. Windows are as
 * fine as their buckets: 5m is the current minute and the 4 before, 1h the current minute and the 59 before, 24h
 * the current hour and the 23 before.
 */
final class CallCounts {

    private final Ring minutes = new Ring(60);
    private final Ring hours = new Ring(24);

    synchronized void record(Instant finishedAt, ExecutionStatus status) {
        long minute = Math.floorDiv(finishedAt.getEpochSecond(), 60);
        minutes.add(minute, status);
        hours.add(Math.floorDiv(minute, 60), status);
    }

    synchronized WindowCounts in(StatusWindow window, Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        long windowMinutes = window.duration().toMinutes();
        if (windowMinutes <= minutes.size()) {
            return minutes.sum(minute - windowMinutes + 1, minute);
        }
        long hour = Math.floorDiv(minute, 60);
        return hours.sum(hour - window.duration().toHours() + 1, hour);
    }

    /** Buckets reused round-robin: slot {@code key mod size} holds the newest key that fell into it. */
    private static final class Ring {
        private final long[] keys;
        private final long[] calls;
        private final long[] errors;
        private final long[] rejected;

        Ring(int size) {
            keys = new long[size];
            calls = new long[size];
            errors = new long[size];
            rejected = new long[size];
            java.util.Arrays.fill(keys, Long.MIN_VALUE);
        }

        int size() {
            return keys.length;
        }

        void add(long key, ExecutionStatus status) {
            int slot = (int) Math.floorMod(key, (long) keys.length);
            if (keys[slot] != key) {
                if (key < keys[slot]) {
                    return; // older than anything this ring still keeps
                }
                keys[slot] = key;
                calls[slot] = 0;
                errors[slot] = 0;
                rejected[slot] = 0;
            }
            calls[slot]++;
            if (status == ExecutionStatus.ERROR || status == ExecutionStatus.TIMEOUT) {
                errors[slot]++;
            } else if (status == ExecutionStatus.REJECTED) {
                rejected[slot]++;
            }
        }

        WindowCounts sum(long fromKey, long toKey) {
            long c = 0;
            long e = 0;
            long r = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] >= fromKey && keys[i] <= toKey) {
                    c += calls[i];
                    e += errors[i];
                    r += rejected[i];
                }
            }
            return WindowCounts.of(c, e, r);
        }
    }
}
