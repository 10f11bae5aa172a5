package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Puts the gateway's resource URIs in place of a downstream server's in what that server answered, so that a client
 * can read every resource it is shown through the gateway: the {@code contents} of {@code resources/read}, and the
 * embedded resources and resource links in the {@code content} of a tool result and in the messages of a prompt.
 * Everything else is passed on as the server sent it.
 */
final class ResourceUris {

    private ResourceUris() {
    }

    /** A {@code resources/read} result: each of its contents names the resource it came from. */
    static JsonObject inReadResult(String serverId, JsonObject result) {
        return result.get("contents") instanceof JsonArray contents
                ? with(result, "contents", each(contents, item -> withUri(serverId, item))) : result;
    }

    /** A {@code tools/call} result: embedded resources and resource links among its content. */
    static JsonObject inToolResult(String serverId, JsonObject result) {
        return result.get("content") instanceof JsonArray content
                ? with(result, "content", each(content, item -> inContent(serverId, item))) : result;
    }

    /** A {@code prompts/get} result: each message has one content block. */
    static JsonObject inPromptResult(String serverId, JsonObject result) {
        return result.get("messages") instanceof JsonArray messages
                ? with(result, "messages", each(messages, message -> message.get("content") instanceof JsonObject content
                        ? with(message, "content", inContent(serverId, content)) : message))
                : result;
    }

    private static JsonObject inContent(String serverId, JsonObject block) {
        JsonValue type = block.get("type");
        if (!(type instanceof JsonString kind)) {
            return block;
        }
        return switch (kind.getString()) {
            case "resource" -> block.get("resource") instanceof JsonObject resource ? with(block, "resource", withUri(serverId, resource)) : block;
            case "resource_link" -> withUri(serverId, block);
            default -> block;
        };
    }

    private static JsonObject withUri(String serverId, JsonObject item) {
        return item.get("uri") instanceof JsonString uri && !uri.getString().startsWith(ExposedNames.RESOURCE_SCHEME)
                ? with(item, "uri", JSON.createValue(ExposedNames.resource(serverId, uri.getString()))) : item;
    }

    private static JsonArray each(JsonArray items, java.util.function.UnaryOperator<JsonObject> change) {
        JsonArrayBuilder changed = JSON.createArrayBuilder();
        items.forEach(item -> changed.add(item instanceof JsonObject object ? change.apply(object) : item));
        return changed.build();
    }

    private static JsonObject with(JsonObject object, String name, JsonValue value) {
        return JSON.createObjectBuilder(object).add(name, value).build();
    }
}
