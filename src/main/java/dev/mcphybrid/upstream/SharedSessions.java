package dev.mcphybrid.upstream;

import java.time.Duration;

/** Where the cluster's MCP sessions live, for every instance to find; every method may throw {@link SessionStoreUnavailable}. */
interface SharedSessions {

    void save(McpSession session, Duration ttl);

    /** @return the session, or {@code null} when there is none (deleted, or idle past its time to live) */
    McpSession load(String id);

    /** Restarts the time to live; {@code false} when the session is gone. */
    boolean refresh(String id, Duration ttl);

    boolean exists(String id);

    void delete(String id);
}
