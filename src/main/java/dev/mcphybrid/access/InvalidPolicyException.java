package dev.mcphybrid.access;

import java.util.List;

/** An access policy that cannot be used, with every problem found. */
public class InvalidPolicyException extends RuntimeException {

    private final List<String> problems;

    public InvalidPolicyException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
