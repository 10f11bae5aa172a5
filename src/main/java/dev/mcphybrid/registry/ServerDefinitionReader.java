package dev.mcphybrid.registry;

import dev.mcphybrid.common.Durations;
import dev.mcphybrid.mcp.Transport;
import dev.mcphybrid.security.EncodedSecrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns one raw server entry (from YAML or from a JSON request body) into a {@link ServerDefinition}, collecting
 * every problem with its path so an operator can fix the whole entry in one go. Used for the catalogue file and
 * for runtime registrations, so both obey the same rules.
 */
public final class ServerDefinitionReader {

    /** Server ids end up in tool ids ({@code serverId.toolName}), so no dots or spaces. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private static final Set<String> KEYS = Set.of("id", "name", "transport", "url", "command", "args", "env",
            "workingDir", "healthCheck", "auth", "capabilities", "tags", "enabled");

    private final Function<String, String> environment;

    /** @param environment resolves {@code ${NAME}} placeholders; {@code null} keeps values literal */
    public ServerDefinitionReader(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * For definitions that arrive through the API: no placeholder expansion, so a caller cannot make the gateway
     * put its environment (secrets included) into a URL or header.
     */
    public static ServerDefinitionReader withoutPlaceholders() {
        return new ServerDefinitionReader(null);
    }

    /** @return the definition, or {@code null} when {@code errors} gained at least one entry */
    public ServerDefinition read(Object rawEntry, String path, ServerDefinition.Origin origin, List<String> errors) {
        int before = errors.size();
        if (!(rawEntry instanceof Map<?, ?> raw)) {
            errors.add(path + ": must be an object with id, transport and url or command");
            return null;
        }
        raw.keySet().stream().map(String::valueOf).filter(k -> !KEYS.contains(k)).sorted()
                .forEach(k -> errors.add(path + "." + k + ": unknown field (allowed: " + String.join(", ", KEYS.stream().sorted().toList()) + ")"));

        String id = text(raw, "id", path, errors, true);
        if (id != null && !ID.matcher(id).matches()) {
            errors.add(path + ".id: '" + id + "' must be 1-64 letters, digits, '-' or '_' and start with a letter or digit");
        }
        String name = text(raw, "name", path, errors, false);
        Transport transport = transport(raw, path, errors);
        String url = text(raw, "url", path, errors, false);
        String command = text(raw, "command", path, errors, false);
        List<String> args = strings(raw, "args", path, errors);
        Map<String, String> env = stringMap(raw, "env", path, errors);
        String workingDir = text(raw, "workingDir", path, errors, false);

        if (transport != null && transport.isUrlBased()) {
            if (url == null) {
                errors.add(path + ".url: required for transport " + transport.wireName());
            } else {
                checkUrl(url, path + ".url", errors);
            }
            if (command != null || !args.isEmpty() || !env.isEmpty() || workingDir != null) {
                errors.add(path + ": command, args, env and workingDir apply only to stdio servers");
            }
        } else if (transport == Transport.STDIO) {
            if (command == null) {
                errors.add(path + ".command: required for transport stdio");
            }
            if (url != null) {
                errors.add(path + ".url: not used by stdio servers; remove it");
            }
        }

        ServerDefinition.HealthCheck healthCheck = healthCheck(raw.get("healthCheck"), path + ".healthCheck", errors);
        ServerDefinition.Auth auth = auth(raw.get("auth"), path + ".auth", errors, transport);
        List<String> capabilities = strings(raw, "capabilities", path, errors);
        List<String> tags = strings(raw, "tags", path, errors);
        boolean enabled = bool(raw, "enabled", path, errors);

        if (errors.size() > before) {
            return null;
        }
        return new ServerDefinition(id, name == null ? id : name, transport, url, command, args, env, workingDir,
                healthCheck, auth, capabilities, tags, enabled, origin);
    }

    private String text(Map<?, ?> raw, String key, String path, List<String> errors, boolean required) {
        Object value = raw.get(key);
        if (value == null) {
            if (required) {
                errors.add(path + "." + key + ": required");
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            errors.add(path + "." + key + ": must be a string");
            return null;
        }
        String expanded = expand(String.valueOf(value), path + "." + key, errors);
        if (expanded != null && expanded.isBlank()) {
            if (required) {
                errors.add(path + "." + key + ": must not be blank");
            }
            return null;
        }
        return expanded == null ? null : expanded.trim();
    }

    /** Placeholders first, then Liberty's {aes}/{xor} encoding, so an encoded value may also come from the environment. */
    private String expand(String value, String path, List<String> errors) {
        try {
            String expanded = environment == null ? value : Placeholders.expand(value, environment);
            return EncodedSecrets.isEncoded(expanded == null ? null : expanded.trim()) ? EncodedSecrets.decode(expanded.trim()) : expanded;
        } catch (IllegalArgumentException e) {
            errors.add(path + ": " + e.getMessage());
            return null;
        }
    }

    private Transport transport(Map<?, ?> raw, String path, List<String> errors) {
        Object value = raw.get("transport");
        if (value == null) {
            errors.add(path + ".transport: required (one of " + Transport.wireNames() + ")");
            return null;
        }
        return Transport.fromWireName(String.valueOf(value)).orElseGet(() -> {
            errors.add(path + ".transport: unknown transport '" + value + "' (one of " + Transport.wireNames() + ")");
            return null;
        });
    }

    private List<String> strings(Map<?, ?> raw, String key, String path, List<String> errors) {
        Object value = raw.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(path + "." + key + ": must be a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                errors.add(path + "." + key + "[" + i + "]: must be a string");
            } else {
                String expanded = expand(String.valueOf(item), path + "." + key + "[" + i + "]", errors);
                if (expanded != null) {
                    out.add(expanded);
                }
            }
        }
        return out;
    }

    private Map<String, String> stringMap(Map<?, ?> raw, String key, String path, List<String> errors) {
        Object value = raw.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(path + "." + key + ": must be a map of names to strings");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof List) {
                errors.add(path + "." + key + "." + k + ": must be a string");
            } else {
                String expanded = expand(String.valueOf(v), path + "." + key + "." + k, errors);
                if (expanded != null) {
                    out.put(String.valueOf(k), expanded);
                }
            }
        });
        return out;
    }

    private static boolean bool(Map<?, ?> raw, String key, String path, List<String> errors) {
        Object value = raw.get(key);
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        errors.add(path + "." + key + ": must be true or false");
        return true;
    }

    private static void checkUrl(String url, String path, List<String> errors) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                errors.add(path + ": '" + url + "' must be an http or https URL");
            } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                errors.add(path + ": '" + url + "' has no host");
            } else if (uri.getUserInfo() != null) {
                errors.add(path + ": credentials in the URL are not allowed; use auth");
            }
        } catch (URISyntaxException e) {
            errors.add(path + ": '" + url + "' is not a valid URL (" + e.getReason() + ")");
        }
    }

    private static ServerDefinition.HealthCheck healthCheck(Object value, String path, List<String> errors) {
        if (value == null) {
            return ServerDefinition.HealthCheck.DEFAULT;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(path + ": must be an object with interval and timeout");
            return null;
        }
        for (Object key : map.keySet()) {
            if (!"interval".equals(key) && !"timeout".equals(key)) {
                errors.add(path + "." + key + ": unknown field (allowed: interval, timeout)");
            }
        }
        return new ServerDefinition.HealthCheck(duration(map.get("interval"), path + ".interval", errors),
                duration(map.get("timeout"), path + ".timeout", errors));
    }

    private static java.time.Duration duration(Object value, String path, List<String> errors) {
        if (value == null) {
            return null;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            errors.add(path + ": " + e.getMessage());
            return null;
        }
    }

    private ServerDefinition.Auth auth(Object value, String path, List<String> errors, Transport transport) {
        if (value == null) {
            return ServerDefinition.Auth.NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(path + ": must be an object with type (none, bearer, header), header and secret");
            return null;
        }
        for (Object key : map.keySet()) {
            if (!Set.of("type", "header", "secret").contains(String.valueOf(key))) {
                errors.add(path + "." + key + ": unknown field (allowed: header, secret, type)");
            }
        }
        String typeName = String.valueOf(map.get("type") == null ? "none" : map.get("type"));
        ServerDefinition.Auth.Type type;
        try {
            type = ServerDefinition.Auth.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(path + ".type: unknown auth type '" + typeName + "' (one of none, bearer, header)");
            return null;
        }
        if (type == ServerDefinition.Auth.Type.NONE) {
            return ServerDefinition.Auth.NONE;
        }
        if (transport == Transport.STDIO) {
            errors.add(path + ": stdio servers take credentials through env, not auth");
        }
        Object rawSecret = map.get("secret");
        // the secret itself never goes into an error message
        String secret = rawSecret == null ? null : expand(String.valueOf(rawSecret), path + ".secret", errors);
        if (rawSecret == null || (secret != null && secret.isBlank())) {
            errors.add(path + ".secret: required for auth type " + typeName);
        }
        String header = map.get("header") == null ? null : String.valueOf(map.get("header"));
        if (type == ServerDefinition.Auth.Type.HEADER && (header == null || !header.matches("[A-Za-z0-9-]+"))) {
            errors.add(path + ".header: a valid HTTP header name is required for auth type header");
        }
        return new ServerDefinition.Auth(type, header, secret);
    }
}
