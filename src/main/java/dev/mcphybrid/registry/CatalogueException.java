package dev.mcphybrid.registry;

import java.util.List;

/** A catalogue that cannot be used, with every problem found (not just the first). */
public class CatalogueException extends RuntimeException {

    private final List<String> errors;

    public CatalogueException(String source, List<String> errors) {
        super(source + ": " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
