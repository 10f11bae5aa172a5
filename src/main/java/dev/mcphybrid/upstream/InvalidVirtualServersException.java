package dev.mcphybrid.upstream;

import java.util.List;

/** A virtual servers file that cannot be used, with every problem found. */
public class InvalidVirtualServersException extends RuntimeException {

    public InvalidVirtualServersException(List<String> problems) {
        super(String.join("; ", problems));
    }
}
