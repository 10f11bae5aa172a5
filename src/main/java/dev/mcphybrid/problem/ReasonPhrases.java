package dev.mcphybrid.problem;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The reason phrases Liberty's HTTP transport does not know. It has a table of the RFC 2616 codes only and writes
 * {@code Undefined} on the status line of anything else ({@code HTTP/1.1 422 Undefined}, {@code 429 Undefined}).
 * Servlet 6 dropped {@code setStatus(int, String)}, so the phrase is set through the container's own response
 * object, which still has a public {@code setReason(String)}. Clients must ignore the phrase (RFC 9110, 15), but a
 * wrong one in every log and proxy trace misleads the people reading them.
 */
public final class ReasonPhrases {

    private static final Logger LOG = Logger.getLogger(ReasonPhrases.class.getName());

    private static final Map<Integer, String> MISSING = Map.ofEntries(
            Map.entry(421, "Misdirected Request"),
            Map.entry(422, "Unprocessable Content"),
            Map.entry(423, "Locked"),
            Map.entry(424, "Failed Dependency"),
            Map.entry(425, "Too Early"),
            Map.entry(426, "Upgrade Required"),
            Map.entry(428, "Precondition Required"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(451, "Unavailable For Legal Reasons"),
            Map.entry(506, "Variant Also Negotiates"),
            Map.entry(507, "Insufficient Storage"),
            Map.entry(508, "Loop Detected"),
            Map.entry(511, "Network Authentication Required"));

    private static final ClassValue<Optional<Method>> SET_REASON = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            try {
                return Optional.of(type.getMethod("setReason", String.class));
            } catch (NoSuchMethodException | SecurityException e) {
                return Optional.empty();
            }
        }
    };

    private static volatile boolean warned;

    private ReasonPhrases() {
    }

    /** The phrase to send for {@code status} when the transport has none of its own, else empty. */
    public static Optional<String> missing(int status) {
        return Optional.ofNullable(MISSING.get(status));
    }

    /**
     * Sets the reason phrase of {@code status} on the container's response under any wrappers, if the transport
     * lacks it. Answers whether a phrase was set.
     */
    public static boolean apply(ServletResponse response, int status) {
        String phrase = MISSING.get(status);
        if (phrase == null) {
            return false;
        }
        ServletResponse current = response;
        while (true) {
            Optional<Method> setReason = SET_REASON.get(current.getClass());
            if (setReason.isPresent()) {
                try {
                    setReason.get().invoke(current, phrase);
                    return true;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    warnOnce(e);
                    return false;
                }
            }
            if (current instanceof ServletResponseWrapper wrapper) {
                current = wrapper.getResponse();
            } else {
                return false;
            }
        }
    }

    private static void warnOnce(Exception e) {
        if (!warned) {
            warned = true;
            LOG.log(Level.FINE, "Cannot set an HTTP reason phrase on this container; status lines keep its own", e);
        }
    }
}
