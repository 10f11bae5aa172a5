package dev.mcphybrid.dogfood;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.execution.ExecutionResponse;
import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.execution.FailureReason;
import dev.mcphybrid.execution.ToolId;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Writes batches of observations to the memory server (server-memory's tools) through the gateway's own execution
 * path, so every write is validated, access-checked, rate-limited and audited like any call. Called by one worker
 * only, one call at a time: server-memory reads and rewrites its whole file on every call, so overlapping calls
 * lose each other's changes.
 *
 * <p>{@code create_entities} skips names that exist (and ignores the observations sent with them), so each entity
 * is created once per gateway lifetime, empty, and observations always go through {@code add_observations}.
 */
final class MemoryWriter {

    private static final Logger LOG = Logger.getLogger(MemoryWriter.class.getName());

    /** The principal of every dogfood write; an access policy that restricts callers must allow it. */
    static final String PRINCIPAL = "mcp-hybrid-server";

    /** One call through the gateway's execution path as the system caller. */
    interface ToolCalls {
        /** @throws ExecutionFailure when the gateway refuses or fails the call, exactly as it would for a client */
        ExecutionResponse execute(ToolId tool, JsonObject arguments, Duration timeout);
    }

    private final String serverId;
    private final ToolCalls calls;
    private final BooleanSupplier connected;
    private final Duration timeout;
    private final DogfoodCounters counters;
    private final Consumer<MemoryUpdated> updates;
    /** Entities created in this lifetime; touched by the single worker only. */
    private final Set<String> created = new HashSet<>();
    /** Refusals (forbidden, rate-limited) already logged since the last successful write. */
    private final Set<FailureReason> warned = ConcurrentHashMap.newKeySet();

    MemoryWriter(String serverId, ToolCalls calls, BooleanSupplier connected, long timeoutMs, DogfoodCounters counters,
                 Consumer<MemoryUpdated> updates) {
        this.serverId = serverId;
        this.calls = calls;
        this.connected = connected;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.counters = counters;
        this.updates = updates;
    }

    void write(List<Observation> batch) {
        if (!connected.getAsBoolean()) {
            batch.forEach(o -> counters.recordSkipped());
            return;
        }
        try {
            createMissing(batch);
            ExecutionResponse added = call("add_observations", observations(batch));
            if (added.status() != ExecutionStatus.SUCCESS) {
                // server-memory refuses the whole call when an entity is missing (its file was replaced or edited):
                // create the entities again and retry once
                batch.forEach(o -> created.remove(o.entity().name()));
                createMissing(batch);
                added = call("add_observations", observations(batch));
                if (added.status() != ExecutionStatus.SUCCESS) {
                    throw new WriteFailed("add_observations: " + firstText(added.result()));
                }
            }
            wrote(added, "add_observations", List.copyOf(entities(batch).keySet()), batch);
        } catch (WriteFailed e) {
            counters.recordFailure(e.getMessage());
            LOG.fine(() -> "Dogfood write to " + serverId + " failed: " + e.getMessage());
        } catch (ExecutionFailure e) {
            refused(e);
        }
    }

    private void createMissing(List<Observation> batch) {
        Map<String, GraphEntity> missing = entities(batch);
        missing.keySet().removeAll(created);
        if (missing.isEmpty()) {
            return;
        }
        ExecutionResponse response = call("create_entities", entitiesArgument(missing.values()));
        if (response.status() != ExecutionStatus.SUCCESS) {
            throw new WriteFailed("create_entities: " + firstText(response.result()));
        }
        created.addAll(missing.keySet());
        wrote(response, "create_entities", List.copyOf(missing.keySet()), List.of());
    }

    private void wrote(ExecutionResponse response, String tool, List<String> entityNames, List<Observation> observations) {
        counters.recordWrite(tool, entityNames.size(), observations.size());
        warned.clear();
        updates.accept(new MemoryUpdated(serverId, tool, response.executionId(), entityNames, observations));
    }

    private void refused(ExecutionFailure e) {
        FailureReason reason = e.reason();
        String detail = e.detail();
        counters.recordFailure(reason + " " + detail);
        if (reason == FailureReason.FORBIDDEN && warned.add(reason)) {
            LOG.warning("Dogfooding: the access policy refuses the gateway's own writes to " + serverId + " (" + detail
                    + "). Allow principal " + PRINCIPAL + " " + serverId + ".create_entities and " + serverId
                    + ".add_observations, or set gateway.dogfood.enabled=false; notable events are not recorded meanwhile");
        } else if (reason == FailureReason.RATE_LIMITED && warned.add(reason)) {
            LOG.warning("Dogfooding: the gateway's own writes to " + serverId + " are rate-limited (" + detail
                    + "); notable events are lost until the limits of principal " + PRINCIPAL + " allow them again");
        } else {
            LOG.fine(() -> "Dogfood write to " + serverId + " refused: " + reason + " " + detail);
        }
    }

    private ExecutionResponse call(String tool, JsonObject arguments) {
        return calls.execute(ToolId.of(serverId, tool), arguments, timeout);
    }

    private static Map<String, GraphEntity> entities(List<Observation> batch) {
        Map<String, GraphEntity> entities = new LinkedHashMap<>();
        batch.forEach(o -> entities.putIfAbsent(o.entity().name(), o.entity()));
        return entities;
    }

    static JsonObject entitiesArgument(Collection<GraphEntity> entities) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        entities.forEach(e -> array.add(JSON.createObjectBuilder().add("name", e.name()).add("entityType", e.type())
                .add("observations", JsonValue.EMPTY_JSON_ARRAY)));
        return JSON.createObjectBuilder().add("entities", array).build();
    }

    /** One entry per entity, its observations in the order they happened. */
    static JsonObject observations(List<Observation> batch) {
        Map<String, List<String>> byEntity = new LinkedHashMap<>();
        batch.forEach(o -> byEntity.computeIfAbsent(o.entity().name(), k -> new ArrayList<>()).add(o.text()));
        JsonArrayBuilder array = JSON.createArrayBuilder();
        byEntity.forEach((name, texts) -> array.add(JSON.createObjectBuilder().add("entityName", name)
                .add("contents", JSON.createArrayBuilder(texts))));
        return JSON.createObjectBuilder().add("observations", array).build();
    }

    private static String firstText(JsonObject result) {
        JsonValue content = result == null ? null : result.get("content");
        if (content != null && content.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue item : content.asJsonArray()) {
                if (item instanceof JsonObject object && object.get("text") instanceof JsonString text) {
                    return text.getString();
                }
            }
        }
        return "the tool reported an error";
    }

    /** A write the memory server answered with an error. */
    private static final class WriteFailed extends RuntimeException {
        WriteFailed(String message) {
            super(message, null, false, false);
        }
    }
}
