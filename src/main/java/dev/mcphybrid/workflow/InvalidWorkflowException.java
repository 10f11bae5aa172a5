package dev.mcphybrid.workflow;

import java.util.List;

/** A definition that cannot be used, with every problem found, each prefixed with where it is ({@code steps[1].tool}). */
public class InvalidWorkflowException extends RuntimeException {

    private final List<String> problems;

    public InvalidWorkflowException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
