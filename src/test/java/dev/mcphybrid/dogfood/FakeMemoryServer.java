package dev.mcphybrid.dogfood;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.execution.ExecutionResponse;
import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.execution.ToolId;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The gateway's execution path in front of a server-memory as it behaves (checked against the npm package):
 * create_entities skips existing names and the observations sent with them; add_observations refuses the whole
 * call, as an isError result, when an entity is missing. {@link #refuseWith} makes the gateway refuse instead.
 */
final class FakeMemoryServer implements MemoryWriter.ToolCalls {

    record Call(String toolId, JsonObject arguments, Duration timeout, UUID executionId) {
    }

    final Map<String, List<String>> graph = new LinkedHashMap<>();
    final List<Call> calls = new ArrayList<>();
    Function<String, ExecutionFailure> refuseWith = tool -> null;

    @Override
    public synchronized ExecutionResponse execute(ToolId tool, JsonObject arguments, Duration timeout) {
        String toolId = tool.id();
        UUID id = UUID.randomUUID();
        calls.add(new Call(toolId, arguments, timeout, id));
        ExecutionFailure refusal = refuseWith.apply(toolId);
        if (refusal != null) {
            throw refusal;
        }
        switch (tool.tool()) {
            case "create_entities" -> arguments.getJsonArray("entities").forEach(e ->
                    graph.putIfAbsent(e.asJsonObject().getString("name"), new ArrayList<>()));
            case "add_observations" -> {
                for (JsonValue o : arguments.getJsonArray("observations")) {
                    String name = o.asJsonObject().getString("entityName");
                    if (!graph.containsKey(name)) {
                        return response(id, toolId, ExecutionStatus.ERROR, "Entity with name " + name + " not found");
                    }
                }
                arguments.getJsonArray("observations").forEach(o -> graph.get(o.asJsonObject().getString("entityName"))
                        .addAll(o.asJsonObject().getJsonArray("contents").getValuesAs(JsonString::getString)));
            }
            default -> throw new AssertionError("unexpected tool " + toolId);
        }
        return response(id, toolId, ExecutionStatus.SUCCESS, "ok");
    }

    synchronized List<String> tools() {
        return calls.stream().map(Call::toolId).toList();
    }

    private static ExecutionResponse response(UUID id, String toolId, ExecutionStatus status, String text) {
        JsonObject result = JSON.createObjectBuilder()
                .add("content", JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("type", "text").add("text", text)))
                .add("isError", status != ExecutionStatus.SUCCESS)
                .build();
        return new ExecutionResponse(id, "dogfood-test", toolId, status, false, 1, List.of(), result);
    }
}
