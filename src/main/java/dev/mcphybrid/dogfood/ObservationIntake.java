package dev.mcphybrid.dogfood;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * From a gateway event to a queued observation: events the writes could cause themselves are suppressed, the rest
 * are judged notable or not, and a notable one is skipped while the memory server is not connected (waiting for
 * it could take forever) or dropped when the queue is full. Never blocks; everything not written is counted.
 */
final class ObservationIntake {

    /** Longer observations (e.g. a server's error text) are cut here. */
    static final int MAX_TEXT = 1000;

    private final FeedbackGuard guard;
    private final NotableEvents notable;
    private final BooleanSupplier memoryConnected;
    private final UnaryOperator<String> mask;
    private final WriteQueue<Observation> queue;
    private final DogfoodCounters counters;

    ObservationIntake(FeedbackGuard guard, NotableEvents notable, BooleanSupplier memoryConnected, UnaryOperator<String> mask,
                      WriteQueue<Observation> queue, DogfoodCounters counters) {
        this.guard = guard;
        this.notable = notable;
        this.memoryConnected = memoryConnected;
        this.mask = mask;
        this.queue = queue;
        this.counters = counters;
    }

    void accept(Object event) {
        if (!guard.mayCauseWrite(event)) {
            counters.recordSuppressed();
            return;
        }
        Optional<Observation> observation = notable.observe(event);
        if (observation.isEmpty()) {
            return;
        }
        if (!memoryConnected.getAsBoolean()) {
            counters.recordSkipped();
            return;
        }
        // the memory server keeps its file outside the gateway's protection: no credential may reach it
        String text = mask.apply(observation.get().text());
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "…";
        }
        if (!queue.offer(new Observation(observation.get().entity(), text))) {
            counters.recordDropped();
        }
    }
}
