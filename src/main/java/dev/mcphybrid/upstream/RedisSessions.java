package dev.mcphybrid.upstream;

import dev.mcphybrid.cluster.ClusterStore;
import java.time.Duration;
import java.util.function.Supplier;
import redis.clients.jedis.params.SetParams;

/** The cluster's MCP sessions in Redis: one string per session at {@code <prefix>:mcp-session:<id>}, expiring when idle. */
final class RedisSessions implements SharedSessions {

    private final ClusterStore store;

    RedisSessions(ClusterStore store) {
        this.store = store;
    }

    @Override
    public void save(McpSession session, Duration ttl) {
        call(() -> store.redis().set(key(session.id()), session.toJson(), SetParams.setParams().px(ttl.toMillis())));
    }

    @Override
    public McpSession load(String id) {
        String json = call(() -> store.redis().get(key(id)));
        if (json == null) {
            return null;
        }
        try {
            return McpSession.fromJson(json);
        } catch (IllegalArgumentException e) {
            return null; // written by an incompatible version: the client starts a new session
        }
    }

    @Override
    public boolean refresh(String id, Duration ttl) {
        return call(() -> store.redis().pexpire(key(id), ttl.toMillis())) == 1;
    }

    @Override
    public boolean exists(String id) {
        return call(() -> store.redis().exists(key(id)));
    }

    @Override
    public void delete(String id) {
        call(() -> store.redis().del(key(id)));
    }

    private String key(String id) {
        return store.key("mcp-session:" + id);
    }

    private static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            throw new SessionStoreUnavailable("the session store (Redis) did not answer: " + e.getMessage(), e);
        }
    }
}
