package dev.mcphybrid.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks tool arguments against the tool's JSON Schema input schema with networknt json-schema-validator (the
 * validator the MCP SDK ships with), listing every violation. Schemas without {@code $schema} are read as
 * draft 2020-12, as MCP specifies; remote {@code $ref}s are never fetched.
 */
public final class ArgumentValidator {

    private static final int MAX_CACHED_SCHEMAS = 10_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    /**
     * Compiled schemas by the identity of the catalogue's schema object, which stays the same until the tool list
     * is read again: a call neither writes its schema out nor compares it by content.
     */
    private final Map<SchemaKey, Schema> compiled = new ConcurrentHashMap<>();

    /** @return every violation, prefixed with its JSON Pointer unless at the root; empty when the arguments are valid */
    public List<String> violations(JsonObject inputSchema, JsonObject arguments) {
        if (inputSchema == null) {
            return List.of();
        }
        Schema schema = compile(inputSchema);
        JsonNode instance = arguments == null ? NODES.objectNode() : node(arguments);
        return schema.validate(instance).stream().map(ArgumentValidator::describe).distinct().toList();
    }

    private Schema compile(JsonObject inputSchema) {
        SchemaKey key = new SchemaKey(inputSchema);
        Schema schema = compiled.get(key);
        if (schema == null) {
            if (compiled.size() >= MAX_CACHED_SCHEMAS) {
                compiled.clear(); // tool schemas rarely change; a full reset is simpler than an LRU here
            }
            schema = registry.getSchema(inputSchema.toString());
            compiled.put(key, schema);
        }
        return schema;
    }

    /** The arguments as the validator's tree, built directly (numbers as Jackson would read them). */
    static JsonNode node(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                ObjectNode object = NODES.objectNode();
                ((JsonObject) value).forEach((k, v) -> object.set(k, node(v)));
                yield object;
            }
            case ARRAY -> {
                JsonArray array = (JsonArray) value;
                ArrayNode nodes = NODES.arrayNode(array.size());
                array.forEach(v -> nodes.add(node(v)));
                yield nodes;
            }
            case STRING -> NODES.stringNode(((JsonString) value).getString());
            case NUMBER -> {
                JsonNumber number = (JsonNumber) value;
                yield number.isIntegral() ? integral(number) : NODES.numberNode(number.doubleValue());
            }
            case TRUE -> NODES.booleanNode(true);
            case FALSE -> NODES.booleanNode(false);
            case NULL -> NODES.nullNode();
        };
    }

    private static JsonNode integral(JsonNumber number) {
        BigInteger whole = number.bigIntegerValue();
        return whole.bitLength() < 64 ? NODES.numberNode(whole.longValue()) : NODES.numberNode(whole);
    }

    private static String describe(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage();
        return location.isEmpty() || message.startsWith(location) ? message : location + ": " + message;
    }

    /** A schema object compared by identity. */
    private record SchemaKey(JsonObject schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SchemaKey key && key.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
