package dev.mcphybrid.events;

/** Ids a replay could not send: they had left the history before the client's replay reached them. */
record LostEvents(long fromId, long toId) {
}
