package dev.mcphybrid.upstream;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the gateway names downstream tools, prompts and resources towards its own MCP clients, so that names from
 * different servers never collide: {@code serverId__name} for tools and prompts, {@code mcp-hybrid://serverId/<uri>}
 * for resources, the downstream URI percent-encoded (a template keeps its {@code {expressions}}, so that a client
 * expanding it writes an encoded downstream URI). The names are stable: they depend on nothing but the server id and
 * the downstream name.
 */
public final class ExposedNames {

    public static final String SEPARATOR = "__";
    /** The prefix of workflows offered as tools ({@code workflow__<id>}); no downstream server may be called so. */
    public static final String WORKFLOW = "workflow";
    static final String RESOURCE_SCHEME = "mcp-hybrid://";
    private static final Pattern EXPRESSION = Pattern.compile("\\{[^{}]*}");

    private ExposedNames() {
    }

    public static String tool(String serverId, String toolName) {
        return serverId + SEPARATOR + toolName;
    }

    /** The tool id ({@code serverId.toolName}) an exposed tool name stands for, or null when it names no server. */
    public static String toolId(String exposedName) {
        int separator = exposedName == null ? -1 : exposedName.indexOf(SEPARATOR);
        return separator > 0 && separator + SEPARATOR.length() < exposedName.length()
                ? exposedName.substring(0, separator) + "." + exposedName.substring(separator + SEPARATOR.length()) : null;
    }

    public static String workflow(String workflowId) {
        return WORKFLOW + SEPARATOR + workflowId;
    }

    public static String prompt(String serverId, String promptName) {
        return serverId + SEPARATOR + promptName;
    }

    public static String resource(String serverId, String uri) {
        return RESOURCE_SCHEME + serverId + "/" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
    }

    /** A downstream URI template as clients see it: the literal parts encoded as in {@link #resource}, expressions kept. */
    public static String resourceTemplate(String serverId, String uriTemplate) {
        StringBuilder exposed = new StringBuilder(RESOURCE_SCHEME).append(serverId).append('/');
        Matcher expression = EXPRESSION.matcher(uriTemplate);
        int literal = 0;
        while (expression.find()) {
            exposed.append(URLEncoder.encode(uriTemplate.substring(literal, expression.start()), StandardCharsets.UTF_8))
                    .append(expression.group());
            literal = expression.end();
        }
        return exposed.append(URLEncoder.encode(uriTemplate.substring(literal), StandardCharsets.UTF_8)).toString();
    }

    /** The server and downstream URI an exposed resource URI stands for, or null when it is not one of the gateway's. */
    public static ResourceName resourceOf(String exposedUri) {
        if (exposedUri == null || !exposedUri.startsWith(RESOURCE_SCHEME)) {
            return null;
        }
        int slash = exposedUri.indexOf('/', RESOURCE_SCHEME.length());
        if (slash <= RESOURCE_SCHEME.length() || slash == exposedUri.length() - 1) {
            return null;
        }
        try {
            return new ResourceName(exposedUri.substring(RESOURCE_SCHEME.length(), slash),
                    URLDecoder.decode(exposedUri.substring(slash + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null; // a broken %-escape
        }
    }

    /** A downstream resource: its server and its URI there. */
    public record ResourceName(String serverId, String uri) {
    }
}
