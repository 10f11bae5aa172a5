package dev.mcphybrid.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The expression language of docs/workflows.md: references, templates and conditions. */
class ExpressionsTest {

    private static final JsonObject INPUT = json("{\"text\":\"hi\",\"n\":3,\"user\":{\"name\":\"ada\"},\"flag\":false,\"list\":[1,2]}");
    private static final JsonObject ECHO = json("{\"content\":[{\"type\":\"text\",\"text\":\"Echo: hi\"}]}");

    private static final Reference.Scope SCOPE = new Reference.Scope() {
        @Override
        public JsonValue input() {
            return INPUT;
        }

        @Override
        public Optional<JsonValue> stepField(String stepId, String field) {
            if (!stepId.equals("echo")) {
                return Optional.empty();
            }
            return switch (field) {
                case "result" -> Optional.of(ECHO);
                case "status" -> Optional.of(Json.createValue("SUCCEEDED"));
                default -> Optional.empty();
            };
        }

        @Override
        public String runId() {
            return "run-1";
        }

        @Override
        public String workflowId() {
            return "wf";
        }
    };

    @Test
    void a_json_pointer_reaches_into_a_step_result() {
        assertThat(Template.evaluate(Json.createValue("${steps.echo.result/content/0/text}"), SCOPE)).isEqualTo(Json.createValue("Echo: hi"));
    }

    @Test
    void dotted_names_and_pointers_reach_the_same_input_member() {
        assertThat(Reference.parse("input.user.name").resolve(SCOPE)).contains(Json.createValue("ada"));
        assertThat(Reference.parse("input/user/name").resolve(SCOPE)).contains(Json.createValue("ada"));
        assertThat(Reference.parse("input.list/1").resolve(SCOPE)).contains(Json.createValue(2));
    }

    @Test
    void a_whole_value_reference_keeps_the_type_and_a_template_makes_text() {
        JsonValue out = Template.evaluate(json("{\"count\":\"${input.n}\",\"user\":\"${input.user}\",\"line\":\"n=${input.n} by ${input.user.name}\"}"), SCOPE);
        assertThat(out.asJsonObject().get("count")).isEqualTo(Json.createValue(3));
        assertThat(out.asJsonObject().getJsonObject("user").getString("name")).isEqualTo("ada");
        assertThat(out.asJsonObject().getString("line")).isEqualTo("n=3 by ada");
    }

    @Test
    void a_whole_value_reference_to_nothing_leaves_the_member_out_but_a_template_fails() {
        JsonValue out = Template.evaluate(json("{\"limit\":\"${input.limit}\",\"keep\":1}"), SCOPE);
        assertThat(out.asJsonObject()).containsOnlyKeys("keep");
        assertThatThrownBy(() -> Template.evaluate(Json.createValue("limit ${input.limit}"), SCOPE))
                .isInstanceOf(Template.EvaluationException.class).hasMessageContaining("${input.limit} refers to nothing");
    }

    @Test
    void a_doubled_dollar_writes_a_literal_reference() {
        assertThat(Template.evaluate(Json.createValue("cost $${input.n} is ${input.n}"), SCOPE)).isEqualTo(Json.createValue("cost ${input.n} is 3"));
    }

    @Test
    void run_and_workflow_ids_are_known() {
        assertThat(Template.evaluate(Json.createValue("${workflow.id}/${run.id}"), SCOPE)).isEqualTo(Json.createValue("wf/run-1"));
    }

    @Test
    void malformed_references_are_reported_with_where_they_are() {
        List<String> problems = new ArrayList<>();
        Template.references(json("{\"a\":\"${nope.x}\",\"b\":[\"${steps.echo}\"],\"c\":\"${input.text\",\"d\":\"${steps.echo.output}\"}"), "steps[0].arguments", problems);
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("steps[0].arguments.a: ").contains("input, steps, run or workflow");
        assertThat(problems.get(1)).startsWith("steps[0].arguments.b[0]: ").contains("steps.<id>.<field>");
        assertThat(problems.get(2)).startsWith("steps[0].arguments.c: ").contains("without a closing }");
        assertThat(problems.get(3)).startsWith("steps[0].arguments.d: ").contains("no field 'output'");
    }

    @Test
    void conditions_test_truth_negation_and_equality() {
        assertThat(Condition.parse("${input.text}").holds(SCOPE)).isTrue();
        assertThat(Condition.parse("${input.flag}").holds(SCOPE)).isFalse();
        assertThat(Condition.parse("!${input.flag}").holds(SCOPE)).isTrue();
        assertThat(Condition.parse("${input.missing}").holds(SCOPE)).isFalse();
        assertThat(Condition.parse("${steps.echo.status} == SUCCEEDED").holds(SCOPE)).isTrue();
        assertThat(Condition.parse("${steps.echo.status} != 'SUCCEEDED'").holds(SCOPE)).isFalse();
        assertThat(Condition.parse("${input.n} == 3.0").holds(SCOPE)).isTrue();
        assertThat(Condition.parse("${input.user.name} == \"ada lovelace\"").holds(SCOPE)).isFalse();
    }

    @Test
    void a_condition_that_compares_nothing_is_refused() {
        assertThatThrownBy(() -> Condition.parse("true")).hasMessageContaining("compares nothing");
        assertThatThrownBy(() -> Condition.parse("${input.a} == ")).hasMessageContaining("operand is missing");
        assertThatThrownBy(() -> Condition.parse("${input.a} == a b")).hasMessageContaining("neither");
    }

    @Test
    void retries_back_off_exponentially_up_to_the_maximum() {
        RetryPolicy retry = new RetryPolicy(5, java.time.Duration.ofMillis(100), 2, java.time.Duration.ofMillis(300));
        assertThat(List.of(retry.delayBefore(2), retry.delayBefore(3), retry.delayBefore(4)))
                .containsExactly(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(300));
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

}
