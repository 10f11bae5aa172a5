package dev.mcphybrid.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks tool arguments against the tool's JSON Schema input schema with networknt json-schema-validator (the
 * validator the MCP SDK ships with), listing every violation. Schemas without {@code $schema} are read as
 * draft 2020-12, as MCP specifies; remote {@code $ref}s are never fetched.
 */
public final class ArgumentValidator {

    private static final int MAX_CACHED_SCHEMAS = 10_000;

    private final JsonMapper jackson = JsonMapper.builder().build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /** @return every violation, prefixed with its JSON Pointer unless at the root; empty when the arguments are valid */
    public List<String> violations(JsonObject inputSchema, JsonObject arguments) {
        if (inputSchema == null) {
            return List.of();
        }
        Schema schema = compile(inputSchema.toString());
        JsonNode instance = jackson.readTree(arguments == null ? "{}" : arguments.toString());
        return schema.validate(instance).stream().map(ArgumentValidator::describe).distinct().toList();
    }

    private Schema compile(String schemaJson) {
        Schema schema = compiled.get(schemaJson);
        if (schema == null) {
            if (compiled.size() >= MAX_CACHED_SCHEMAS) {
                compiled.clear(); // tool schemas rarely change; a full reset is simpler than an LRU here
            }
            schema = registry.getSchema(schemaJson);
            compiled.put(schemaJson, schema);
        }
        return schema;
    }

    private static String describe(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage();
        return location.isEmpty() || message.startsWith(location) ? message : location + ": " + message;
    }
}
