package dev.mcphybrid.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Definitions are read whole: every problem is reported, each with its path. */
class WorkflowParserTest {

    private static final Set<String> TOOLS = Set.of("everything.echo", "memory.create_entities", "memory.search_nodes",
            "memory.delete_entities");
    static final WorkflowParser PARSER = new WorkflowParser(
            tool -> TOOLS.contains(tool) ? Optional.empty() : Optional.of("unknown tool '" + tool + "'"), Duration.ofMinutes(5));

    static final String THREE_STEPS = """
            id: remember
            description: echo, store, find
            input:
              type: object
              properties:
                text: {type: string}
              required: [text]
            steps:
              - id: echo
                tool: everything.echo
                arguments: {message: "${input.text}"}
              - id: store
                tool: memory.create_entities
                arguments:
                  entities:
                    - {name: "${input.text}", entityType: note, observations: ["${steps.echo.result/content/0/text}"]}
                retry: {attempts: 3, backoff: 100ms}
                onFailure: compensate
                compensate:
                  tool: memory.delete_entities
                  arguments: {entityNames: ["${input.text}"]}
              - id: find
                tool: memory.search_nodes
                arguments: {query: "${input.text}"}
                timeout: 5s
            output:
              found: "${steps.find.result}"
            """;

    @Test
    void a_three_step_definition_reads_with_its_defaults() {
        WorkflowDefinition definition = PARSER.parseText(THREE_STEPS, "test", "remember");
        assertThat(definition.steps()).extracting(StepDefinition::id).containsExactly("echo", "store", "find");
        assertThat(definition.steps().get(0).needs()).isEmpty();
        assertThat(definition.steps().get(2).needs()).containsExactly("store");
        assertThat(definition.steps().get(1).retry().attempts()).isEqualTo(3);
        assertThat(definition.steps().get(1).onFailure()).isEqualTo(OnFailure.COMPENSATE);
        assertThat(definition.steps().get(2).call().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(definition.inputSchema().getJsonArray("required")).hasSize(1);
    }

    @Test
    void every_problem_is_listed_with_its_path() {
        String bad = """
                id: bad one
                colour: blue
                input: {type: string}
                steps:
                  - id: a
                    tool: nowhere.nothing
                    arguments: {x: "${steps.b.result}", y: "${inptu.x}"}
                    needs: [b]
                    retry: {attempts: 0}
                    onFailure: explode
                  - id: b
                    tool: everything.echo
                    needs: [a]
                    timeout: 10m
                    when: "${input.x} =="
                  - id: b
                    tool: memory
                """;
        InvalidWorkflowException e = catchThrowableOfType(() -> PARSER.parseText(bad, "api", "bad"), InvalidWorkflowException.class);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("colour: unknown key"))
                .anySatisfy(p -> assertThat(p).startsWith("id: 'bad one' is not an id"))
                .anySatisfy(p -> assertThat(p).startsWith("id: 'bad one' differs from 'bad' in the path"))
                .anySatisfy(p -> assertThat(p).startsWith("input.type: "))
                .anySatisfy(p -> assertThat(p).isEqualTo("steps[0].tool: unknown tool 'nowhere.nothing'"))
                .anySatisfy(p -> assertThat(p).startsWith("steps[0].arguments.y: ").contains("inptu"))
                .anySatisfy(p -> assertThat(p).startsWith("steps[0].retry.attempts: "))
                .anySatisfy(p -> assertThat(p).startsWith("steps[0].onFailure: 'explode'"))
                .anySatisfy(p -> assertThat(p).startsWith("steps[1].timeout: ").contains("max-timeout-ms"))
                .anySatisfy(p -> assertThat(p).startsWith("steps[1].when: "))
                .anySatisfy(p -> assertThat(p).startsWith("steps[2].id: 'b' is used by an earlier step"))
                .anySatisfy(p -> assertThat(p).isEqualTo("steps[2].tool: unknown tool 'memory'"))
                .anySatisfy(p -> assertThat(p).startsWith("steps: the needs form a cycle: "));
    }

    @Test
    void a_reference_to_a_step_that_does_not_end_before_is_refused() {
        String parallel = """
                id: fan
                steps:
                  - {id: a, tool: everything.echo, arguments: {message: x}}
                  - {id: b, tool: everything.echo, needs: [a], arguments: {message: "${steps.c.result/content/0/text}"}}
                  - {id: c, tool: everything.echo, needs: [a], arguments: {message: y}}
                  - {id: d, tool: everything.echo, needs: [b, c], arguments: {message: "${steps.b.status} ${steps.c.status} ${steps.zz.status}"}}
                """;
        InvalidWorkflowException e = catchThrowableOfType(() -> PARSER.parseText(parallel, "api", null), InvalidWorkflowException.class);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "steps[1].arguments: ${steps.c.result/content/0/text} refers to step 'c', which does not end before this one (add it to needs)",
                "steps[3].arguments: ${steps.zz.status} refers to no step 'zz'");
    }

    @Test
    void a_definition_that_is_not_yaml_says_so() {
        InvalidWorkflowException e = catchThrowableOfType(() -> PARSER.parseText("id: [", "api", null), InvalidWorkflowException.class);
        assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML");
        e = catchThrowableOfType(() -> PARSER.parseText("- a", "api", null), InvalidWorkflowException.class);
        assertThat(e.problems()).containsExactly("a definition is an object with id, input and steps");
    }

    @Test
    void json_is_read_as_well() {
        WorkflowDefinition definition = PARSER.parseText("{\"id\":\"j\",\"steps\":[{\"id\":\"s\",\"tool\":\"everything.echo\"}]}", "api", "j");
        assertThat(definition.steps()).hasSize(1);
        assertThat(List.of(definition.json().getString("id"))).containsExactly("j");
    }
}
