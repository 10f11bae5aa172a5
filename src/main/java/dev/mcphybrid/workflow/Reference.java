package dev.mcphybrid.workflow;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code ${...}} names (docs/workflows.md, "Expressions"): {@code input}, {@code steps.<id>.<field>} (field
 * {@code result}, {@code status}, {@code error}, {@code executionId} or {@code attempts}), {@code run.id} or
 * {@code workflow.id}, then members by {@code .name} and/or a JSON Pointer ({@code /content/0/text}).
 */
public record Reference(String text, Root root, String stepId, String field, List<String> path) {

    public enum Root { INPUT, STEPS, RUN, WORKFLOW }

    static final List<String> STEP_FIELDS = List.of("result", "status", "error", "executionId", "attempts");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** @throws IllegalArgumentException saying what is wrong with the reference */
    public static Reference parse(String text) {
        String body = text.strip();
        int slash = body.indexOf('/');
        String dotted = slash < 0 ? body : body.substring(0, slash);
        List<String> path = new ArrayList<>();
        String[] names = dotted.split("\\.", -1);
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'${" + text + "}': '" + name + "' is not a name (letters, digits, _ and -)");
            }
        }
        Root root;
        String stepId = null;
        String field = null;
        int next;
        switch (names[0]) {
            case "input" -> {
                root = Root.INPUT;
                next = 1;
            }
            case "steps" -> {
                root = Root.STEPS;
                if (names.length < 3) {
                    throw new IllegalArgumentException("'${" + text + "}': a step is referred to as steps.<id>.<field>, field one of " + STEP_FIELDS);
                }
                stepId = names[1];
                field = names[2];
                if (!STEP_FIELDS.contains(field)) {
                    throw new IllegalArgumentException("'${" + text + "}': a step has no field '" + field + "' (one of " + STEP_FIELDS + ")");
                }
                next = 3;
            }
            case "run", "workflow" -> {
                root = names[0].equals("run") ? Root.RUN : Root.WORKFLOW;
                if (names.length != 2 || !names[1].equals("id") || slash >= 0) {
                    throw new IllegalArgumentException("'${" + text + "}': only " + names[0] + ".id is known");
                }
                return new Reference(text, root, null, "id", List.of());
            }
            default -> throw new IllegalArgumentException("'${" + text + "}' refers to '" + names[0]
                    + "'; a reference starts with input, steps, run or workflow");
        }
        for (int i = next; i < names.length; i++) {
            path.add(names[i]);
        }
        if (slash >= 0) {
            String pointer = body.substring(slash);
            for (String token : pointer.substring(1).split("/", -1)) {
                path.add(token.replace("~1", "/").replace("~0", "~"));
            }
        }
        return new Reference(text, root, stepId, field, List.copyOf(path));
    }

    /** The value named, or empty when there is none (a missing member, an index past the end, a step not run). */
    public Optional<JsonValue> resolve(Scope scope) {
        Optional<JsonValue> start = switch (root) {
            case INPUT -> Optional.of(scope.input());
            case STEPS -> scope.stepField(stepId, field);
            case RUN -> Optional.of(Template.string(scope.runId()));
            case WORKFLOW -> Optional.of(Template.string(scope.workflowId()));
        };
        JsonValue value = start.orElse(null);
        for (String token : path) {
            if (value instanceof JsonObject object) {
                value = object.get(token);
            } else if (value instanceof JsonArray array && token.matches("0|[1-9][0-9]{0,8}") && Integer.parseInt(token) < array.size()) {
                value = array.get(Integer.parseInt(token));
            } else {
                value = null;
            }
            if (value == null) {
                break;
            }
        }
        return Optional.ofNullable(value);
    }

    /** What a reference can see while it is evaluated: the run's input and the steps that have ended. */
    public interface Scope {
        JsonValue input();

        Optional<JsonValue> stepField(String stepId, String field);

        String runId();

        String workflowId();
    }
}
