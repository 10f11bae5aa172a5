package dev.mcphybrid.workflow;

import java.util.List;

/** A run's input that violates the workflow's input schema, with every violation. */
public class InvalidInputException extends RuntimeException {

    private final List<String> violations;

    public InvalidInputException(String workflowId, List<String> violations) {
        super("The input does not match the input schema of workflow " + workflowId, null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
