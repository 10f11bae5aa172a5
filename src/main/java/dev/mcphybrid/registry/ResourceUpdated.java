package dev.mcphybrid.registry;

/** CDI event: a server reported a change of a resource the gateway subscribed to ({@code uri} in the server's own terms). */
public record ResourceUpdated(String serverId, String uri) {
}
