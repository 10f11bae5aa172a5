package dev.mcphybrid.dogfood;

/**
 * What the dogfood writer has done since start-up.
 *
 * @param writes              successful tool calls on the memory server
 * @param entitiesCreated     entities sent in successful {@code create_entities} calls (existing ones are skipped by
 *                            the server)
 * @param observationsWritten observations stored with {@code add_observations}
 * @param failures            writes that failed or were refused
 * @param lastFailure         why the latest one failed, or null
 * @param skipped             observations not written because the memory server was not connected
 * @param dropped             observations not written because the queue was full
 * @param suppressed          events not written because they are about the memory server itself (see FeedbackGuard)
 * @param queued              observations waiting now
 */
public record DogfoodStats(boolean enabled, String serverId, long writes, long entitiesCreated, long observationsWritten,
                           long failures, String lastFailure, long skipped, long dropped, long suppressed, int queued) {
}
