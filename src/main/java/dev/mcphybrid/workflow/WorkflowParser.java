package dev.mcphybrid.workflow;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.common.Durations;
import dev.mcphybrid.common.JsonPlain;
import dev.mcphybrid.common.SafeYaml;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a workflow definition (YAML or JSON, docs/workflows.md) and checks it whole: every problem is reported with
 * where it is, not only the first. Tools are checked with a {@link ToolLookup}, so that the parser itself needs no
 * running gateway.
 */
public final class WorkflowParser {

    /** Ids of workflows and steps: they appear in URLs, MCP tool names and references. */
    public static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    static final int MAX_STEPS = 100;
    static final int MAX_ATTEMPTS = 10;
    private static final Set<String> TOP_KEYS = Set.of("id", "description", "input", "steps", "output");
    private static final Set<String> STEP_KEYS = Set.of("id", "tool", "arguments", "timeout", "needs", "when", "retry",
            "onFailure", "compensate", "idempotent");
    private static final Set<String> CALL_KEYS = Set.of("tool", "arguments", "timeout");
    private static final Set<String> RETRY_KEYS = Set.of("attempts", "backoff", "multiplier", "maxBackoff");

    /** Whether a tool id can be called, as far as the gateway knows now. */
    public interface ToolLookup {
        /** @return the problem with the tool, or empty when it exists (or cannot be checked now: its server is down) */
        Optional<String> problem(String toolId);
    }

    private final ToolLookup tools;
    private final Duration maxTimeout;

    public WorkflowParser(ToolLookup tools, Duration maxTimeout) {
        this.tools = tools;
        this.maxTimeout = maxTimeout;
    }

    /** @throws InvalidWorkflowException with every problem */
    public WorkflowDefinition parseText(String text, String source, String expectedId) {
        Object tree;
        try {
            tree = SafeYaml.load(text); // YAML is a superset of JSON
        } catch (IllegalArgumentException e) {
            throw new InvalidWorkflowException(List.of(e.getMessage()));
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidWorkflowException(List.of("a definition is an object with id, input and steps"));
        }
        return parse(map, source, expectedId);
    }

    public WorkflowDefinition parse(Map<?, ?> tree, String source, String expectedId) {
        List<String> problems = new ArrayList<>();
        JsonObject json = toJson(tree).asJsonObject();
        unknownKeys(json, TOP_KEYS, "", problems);
        String id = text(json, "id", "id", problems, true);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add("id: '" + id + "' is not an id (a letter, then up to 63 letters, digits, _ or -)");
        }
        if (id != null && expectedId != null && !expectedId.equals(id)) {
            problems.add("id: '" + id + "' differs from '" + expectedId + "' " + ("api".equals(source) ? "in the path" : "of the file name"));
        }
        String description = text(json, "description", "description", problems, false);
        JsonObject inputSchema = inputSchema(json.get("input"), problems);
        List<StepDefinition> steps = steps(json.get("steps"), problems);
        JsonValue output = json.get("output");
        checkGraph(steps, problems);
        checkReferences(steps, output, problems);
        if (!problems.isEmpty()) {
            throw new InvalidWorkflowException(problems);
        }
        return new WorkflowDefinition(id, description, inputSchema, List.copyOf(steps), output, json, source);
    }

    private static JsonObject inputSchema(JsonValue input, List<String> problems) {
        if (input == null) {
            return JSON.createObjectBuilder().add("type", "object").build();
        }
        if (!(input instanceof JsonObject schema)) {
            problems.add("input: must be a JSON Schema object");
            return null;
        }
        JsonValue type = schema.get("type");
        if (type != null && !JSON.createValue("object").equals(type)) {
            problems.add("input.type: a run's input is an object, so the schema's type must be \"object\", was " + type);
        }
        if (schema.containsKey("properties") && !(schema.get("properties") instanceof JsonObject)) {
            problems.add("input.properties: must be an object");
        } else if (schema.get("properties") instanceof JsonObject properties) {
            properties.forEach((name, property) -> {
                if (!(property instanceof JsonObject) && property.getValueType() != JsonValue.ValueType.TRUE
                        && property.getValueType() != JsonValue.ValueType.FALSE) {
                    problems.add("input.properties." + name + ": must be a schema (an object)");
                }
            });
        }
        if (schema.containsKey("required") && (schema.get("required").getValueType() != JsonValue.ValueType.ARRAY
                || schema.getJsonArray("required").stream().anyMatch(v -> v.getValueType() != JsonValue.ValueType.STRING))) {
            problems.add("input.required: must be a list of property names");
        }
        try {
            new dev.mcphybrid.mcp.ArgumentValidator().violations(schema, JsonValue.EMPTY_JSON_OBJECT);
        } catch (RuntimeException e) {
            problems.add("input: not a usable JSON Schema: " + e.getMessage());
        }
        return schema;
    }

    private List<StepDefinition> steps(JsonValue value, List<String> problems) {
        List<StepDefinition> steps = new ArrayList<>();
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().isEmpty()) {
            problems.add("steps: must be a non-empty list of steps");
            return steps;
        }
        if (value.asJsonArray().size() > MAX_STEPS) {
            problems.add("steps: at most " + MAX_STEPS + " steps, found " + value.asJsonArray().size());
        }
        Set<String> seen = new java.util.HashSet<>();
        String previous = null;
        for (int i = 0; i < value.asJsonArray().size(); i++) {
            String where = "steps[" + i + "]";
            if (!(value.asJsonArray().get(i) instanceof JsonObject step)) {
                problems.add(where + ": must be an object with id and tool");
                continue;
            }
            unknownKeys(step, STEP_KEYS, where + ".", problems);
            String id = text(step, "id", where + ".id", problems, true);
            if (id != null && !ID.matcher(id).matches()) {
                problems.add(where + ".id: '" + id + "' is not an id (a letter, then up to 63 letters, digits, _ or -)");
            } else if (id != null && !seen.add(id)) {
                problems.add(where + ".id: '" + id + "' is used by an earlier step");
            }
            ToolStep call = call(step, where, problems);
            List<String> needs = needs(step, where, previous, problems);
            Condition when = null;
            if (step.containsKey("when")) {
                String text = text(step, "when", where + ".when", problems, true);
                if (text != null) {
                    try {
                        when = Condition.parse(text);
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ".when: " + e.getMessage());
                    }
                }
            }
            RetryPolicy retry = retry(step.get("retry"), where + ".retry", problems);
            OnFailure onFailure = OnFailure.FAIL;
            String failure = text(step, "onFailure", where + ".onFailure", problems, false);
            if (failure != null) {
                try {
                    onFailure = OnFailure.valueOf(failure.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ".onFailure: '" + failure + "' is not one of fail, continue, compensate");
                }
            }
            ToolStep compensate = null;
            if (step.get("compensate") instanceof JsonObject undo) {
                unknownKeys(undo, CALL_KEYS, where + ".compensate.", problems);
                compensate = call(undo, where + ".compensate", problems);
            } else if (step.containsKey("compensate")) {
                problems.add(where + ".compensate: must be an object with tool and arguments");
            }
            Boolean idempotent = null;
            if (step.containsKey("idempotent")) {
                JsonValue flag = step.get("idempotent");
                if (flag == JsonValue.TRUE || flag == JsonValue.FALSE) {
                    idempotent = flag == JsonValue.TRUE;
                } else {
                    problems.add(where + ".idempotent: must be true or false");
                }
            }
            steps.add(new StepDefinition(id == null ? "#" + i : id, call, needs, when, retry, onFailure, compensate, idempotent));
            previous = id;
        }
        return steps;
    }

    private ToolStep call(JsonObject object, String where, List<String> problems) {
        String tool = text(object, "tool", where + ".tool", problems, true);
        if (tool != null) {
            tools.problem(tool).ifPresent(problem -> problems.add(where + ".tool: " + problem));
        }
        JsonValue arguments = object.getOrDefault("arguments", JsonValue.EMPTY_JSON_OBJECT);
        if (!(arguments instanceof JsonObject) && !(arguments.getValueType() == JsonValue.ValueType.STRING)) {
            problems.add(where + ".arguments: must be an object (or one ${...} that gives one)");
        }
        Template.references(arguments, where + ".arguments", problems);
        Duration timeout = null;
        if (object.containsKey("timeout")) {
            try {
                timeout = Durations.parse(JsonPlain.toJava(object.get("timeout")));
                if (timeout.compareTo(maxTimeout) > 0) {
                    problems.add(where + ".timeout: " + object.get("timeout") + " is longer than gateway.execution.max-timeout-ms ("
                            + maxTimeout.toMillis() + " ms)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ".timeout: " + e.getMessage());
            }
        }
        return new ToolStep(tool, arguments, timeout);
    }

    private static List<String> needs(JsonObject step, String where, String previous, List<String> problems) {
        JsonValue needs = step.get("needs");
        if (needs == null) {
            return previous == null ? List.of() : List.of(previous);
        }
        List<String> ids = new ArrayList<>();
        if (needs.getValueType() == JsonValue.ValueType.STRING) {
            ids.add(((jakarta.json.JsonString) needs).getString());
        } else if (needs.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue need : needs.asJsonArray()) {
                if (need instanceof jakarta.json.JsonString name) {
                    ids.add(name.getString());
                } else {
                    problems.add(where + ".needs: must list step ids, found " + need);
                }
            }
        } else {
            problems.add(where + ".needs: must be a step id or a list of them");
        }
        return List.copyOf(ids);
    }

    private static RetryPolicy retry(JsonValue value, String where, List<String> problems) {
        if (value == null) {
            return RetryPolicy.NONE;
        }
        if (!(value instanceof JsonObject retry)) {
            problems.add(where + ": must be an object (attempts, backoff, multiplier, maxBackoff)");
            return RetryPolicy.NONE;
        }
        unknownKeys(retry, RETRY_KEYS, where + ".", problems);
        int attempts = 1;
        if (retry.get("attempts") instanceof jakarta.json.JsonNumber number && number.isIntegral()
                && number.intValue() >= 1 && number.intValue() <= MAX_ATTEMPTS) {
            attempts = number.intValue();
        } else {
            problems.add(where + ".attempts: must be a whole number from 1 to " + MAX_ATTEMPTS + " (every try, the first included)");
        }
        Duration backoff = duration(retry, "backoff", Duration.ofMillis(500), where, problems);
        Duration maxBackoff = duration(retry, "maxBackoff", Duration.ofSeconds(30), where, problems);
        double multiplier = 2;
        if (retry.containsKey("multiplier")) {
            if (retry.get("multiplier") instanceof jakarta.json.JsonNumber number && number.doubleValue() >= 1 && number.doubleValue() <= 10) {
                multiplier = number.doubleValue();
            } else {
                problems.add(where + ".multiplier: must be a number from 1 to 10");
            }
        }
        return new RetryPolicy(attempts, backoff, multiplier, maxBackoff);
    }

    private static Duration duration(JsonObject object, String key, Duration fallback, String where, List<String> problems) {
        if (!object.containsKey(key)) {
            return fallback;
        }
        try {
            return Durations.parse(JsonPlain.toJava(object.get(key)));
        } catch (IllegalArgumentException e) {
            problems.add(where + "." + key + ": " + e.getMessage());
            return fallback;
        }
    }

    /** Unknown needs and cycles. */
    private static void checkGraph(List<StepDefinition> steps, List<String> problems) {
        Map<String, StepDefinition> byId = new LinkedHashMap<>();
        steps.forEach(s -> byId.put(s.id(), s));
        for (int i = 0; i < steps.size(); i++) {
            for (String need : steps.get(i).needs()) {
                if (!byId.containsKey(need)) {
                    problems.add("steps[" + i + "].needs: no step '" + need + "'");
                } else if (need.equals(steps.get(i).id())) {
                    problems.add("steps[" + i + "].needs: a step cannot need itself");
                }
            }
        }
        StepGraph.cycle(steps).ifPresent(cycle -> problems.add("steps: the needs form a cycle: " + String.join(" -> ", cycle)));
    }

    /** Every reference names a step that has ended before it is evaluated. */
    private static void checkReferences(List<StepDefinition> steps, JsonValue output, List<String> problems) {
        Set<String> ids = new java.util.HashSet<>();
        steps.forEach(s -> ids.add(s.id()));
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            String where = "steps[" + i + "]";
            Set<String> before = StepGraph.ancestors(steps, step.id());
            List<String> ignored = new ArrayList<>();
            if (step.call() != null) {
                check(Template.references(step.call().arguments(), where, ignored), before, ids, where + ".arguments", problems);
            }
            if (step.when() != null) {
                check(step.when().references(), before, ids, where + ".when", problems);
            }
            if (step.compensate() != null) {
                Set<String> withSelf = new java.util.HashSet<>(before);
                withSelf.add(step.id());
                check(Template.references(step.compensate().arguments(), where, ignored), withSelf, ids, where + ".compensate.arguments", problems);
            }
        }
        if (output != null) {
            check(Template.references(output, "output", problems), ids, ids, "output", problems);
        }
    }

    private static void check(List<Reference> references, Set<String> visible, Set<String> ids, String where, List<String> problems) {
        for (Reference reference : references) {
            if (reference.root() != Reference.Root.STEPS) {
                continue;
            }
            if (!ids.contains(reference.stepId())) {
                problems.add(where + ": ${" + reference.text() + "} refers to no step '" + reference.stepId() + "'");
            } else if (!visible.contains(reference.stepId())) {
                problems.add(where + ": ${" + reference.text() + "} refers to step '" + reference.stepId()
                        + "', which does not end before this one (add it to needs)");
            }
        }
    }

    private static void unknownKeys(JsonObject object, Set<String> known, String prefix, List<String> problems) {
        object.keySet().stream().filter(k -> !known.contains(k)).sorted()
                .forEach(k -> problems.add(prefix + k + ": unknown key (known: " + known.stream().sorted().toList() + ")"));
    }

    private static String text(JsonObject object, String key, String where, List<String> problems, boolean required) {
        JsonValue value = object.get(key);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                problems.add(where + ": missing");
            }
            return null;
        }
        if (value instanceof jakarta.json.JsonString text && !text.getString().isBlank()) {
            return text.getString();
        }
        problems.add(where + ": must be a non-empty string");
        return null;
    }

    /** YAML's maps, lists and scalars as JSON; a scalar JSON has no word for (a date) becomes its text. */
    static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
            return object.build();
        }
        if (value instanceof Collection<?> list) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            list.forEach(v -> array.add(toJson(v)));
            return array.build();
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof Boolean flag) {
            return flag ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return JSON.createValue(big);
        }
        if (value instanceof BigDecimal decimal) {
            return JSON.createValue(decimal);
        }
        if (value instanceof Number number) {
            return JSON.createValue(number.doubleValue());
        }
        return JSON.createValue(String.valueOf(value));
    }
}
