package dev.mcphybrid.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a Node script of src/it/scripts (the official MCP clients live there) and reads the JSON lines it prints. */
final class NodeScripts {

    private NodeScripts() {
    }

    static List<JsonObject> run(String script, List<String> arguments) {
        return run(script, arguments, line -> { });
    }

    /** @param eachLine sees every line as it arrives, e.g. to notice that the script is waiting for something */
    static List<JsonObject> run(String script, List<String> arguments, Consumer<JsonObject> eachLine) {
        List<String> command = new ArrayList<>(List.of("node", "src/it/scripts/" + script));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<JsonObject> lines = new ArrayList<>();
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonObject json = Json.createReader(new StringReader(line)).readObject();
                    lines.add(json);
                    eachLine.accept(json);
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
