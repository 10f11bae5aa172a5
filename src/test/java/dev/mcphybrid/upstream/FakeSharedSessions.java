package dev.mcphybrid.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The shared session store in memory, with a switch that makes it fail like an unreachable Redis. */
final class FakeSharedSessions implements SharedSessions {

    final Map<String, McpSession> entries = new HashMap<>();
    final List<String> commands = new ArrayList<>();
    boolean down;

    @Override
    public void save(McpSession session, Duration ttl) {
        command("save " + session.id());
        entries.put(session.id(), session);
    }

    @Override
    public McpSession load(String id) {
        command("load " + id);
        return entries.get(id);
    }

    @Override
    public boolean refresh(String id, Duration ttl) {
        command("refresh " + id);
        return entries.containsKey(id);
    }

    @Override
    public boolean exists(String id) {
        command("exists " + id);
        return entries.containsKey(id);
    }

    @Override
    public void delete(String id) {
        command("delete " + id);
        entries.remove(id);
    }

    private void command(String command) {
        if (down) {
            throw new SessionStoreUnavailable("connection refused", new RuntimeException("connection refused"));
        }
        commands.add(command);
    }
}
