package dev.mcphybrid.events;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the type and server filters clients send (comma-separated in a query, arrays over WebSocket). */
public final class EventFilters {

    private EventFilters() {
    }

    /** @throws IllegalArgumentException naming the unknown type and the known ones */
    public static Set<EventType> types(Collection<String> names) {
        Set<EventType> types = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                types.add(EventType.fromWireName(trimmed).orElseThrow(() -> new IllegalArgumentException(
                        "unknown event type '" + clip(trimmed) + "' (known: " + known() + ")")));
            }
        }
        return Set.copyOf(types);
    }

    public static Set<EventType> types(String csv) {
        return csv == null ? Set.of() : types(Arrays.asList(csv.split(",")));
    }

    public static Set<String> servers(String csv) {
        return csv == null ? Set.of() : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    static String known() {
        return Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }

    /** A client-supplied name as an error message quotes it: at most 64 characters, so errors stay small. */
    public static String clip(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
