package dev.mcphybrid.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus series the README's "Metrics" table documents; StatusIT checks the gateway exports each one. */
final class DocumentedMetrics {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(gateway_[a-z_]+)`");

    private DocumentedMetrics() {
    }

    static List<String> names() {
        try {
            String readme = Files.readString(Path.of(System.getProperty("project.root", "."), "README.md"));
            int start = readme.indexOf("\n## Metrics");
            int end = readme.indexOf("\n## ", start + 1);
            Matcher row = ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
            List<String> names = new ArrayList<>();
            while (row.find()) {
                names.add(row.group(1));
            }
            if (names.isEmpty()) {
                throw new AssertionError("README.md has no Metrics table");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
