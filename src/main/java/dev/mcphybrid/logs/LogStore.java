package dev.mcphybrid.logs;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventType;
import dev.mcphybrid.registry.DownstreamLog;
import dev.mcphybrid.security.SecretMask;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import static dev.mcphybrid.common.JsonSupport.JSON;

/**
 * The gateway's aggregated log: the last {@code gateway.logs.retention} lines from every server and from the
 * gateway itself (its INFO and above), kept in memory and streamed as {@code log_entry} events.
 */
@ApplicationScoped
public class LogStore {

    static final String GATEWAY_SOURCE = "gateway";

    @Inject
    EventBus bus;

    @Inject
    SecretMask secretMask;

    @Inject
    @ConfigProperty(name = "gateway.logs.retention")
    int retention;

    private final Deque<LogEntry> entries = new ArrayDeque<>();
    private long sequence;
    private final Handler gatewayHandler = new GatewayLogHandler();
    private final ThreadLocal<Boolean> publishing = ThreadLocal.withInitial(() -> false);

    @PostConstruct
    void attach() {
        gatewayHandler.setLevel(java.util.logging.Level.INFO);
        Logger.getLogger("dev.mcphybrid").addHandler(gatewayHandler);
    }

    @PreDestroy
    void detach() {
        Logger.getLogger("dev.mcphybrid").removeHandler(gatewayHandler);
    }

    void downstream(@ObservesAsync DownstreamLog log) {
        add(log.serverId(), LogLevel.of(log.level()).orElse(LogLevel.INFO), log.logger(), log.message());
    }

    public LogEntry add(String source, LogLevel level, String logger, String rawMessage) {
        String message = secretMask.mask(rawMessage);
        LogEntry entry;
        synchronized (entries) {
            entry = new LogEntry(++sequence, Instant.now(), source, level.wireName(), logger, message);
            entries.addLast(entry);
            while (entries.size() > retention) {
                entries.removeFirst();
            }
        }
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("logId", entry.id())
                .add("source", source)
                .add("level", entry.level())
                .add("message", message);
        if (logger != null) {
            data.add("logger", logger);
        }
        if (!publishing.get()) {
            publishing.set(true);
            try {
                bus.publish(EventType.LOG_ENTRY, GATEWAY_SOURCE.equals(source) ? null : source, data.build());
            } finally {
                publishing.set(false);
            }
        }
        return entry;
    }

    /** Newest first, filtered; {@code minLevel} keeps that level and above. */
    public List<LogEntry> search(String source, LogLevel minLevel, Instant since, String text) {
        String needle = text == null || text.isBlank() ? null : text.toLowerCase(Locale.ROOT);
        Predicate<LogEntry> wanted = e -> (source == null || source.equals(e.source()))
                && (minLevel == null || LogLevel.of(e.level()).orElse(LogLevel.INFO).compareTo(minLevel) >= 0)
                && (since == null || !e.timestamp().isBefore(since))
                && (needle == null || e.message().toLowerCase(Locale.ROOT).contains(needle));
        List<LogEntry> out = new ArrayList<>();
        synchronized (entries) {
            entries.descendingIterator().forEachRemaining(e -> {
                if (wanted.test(e)) {
                    out.add(e);
                }
            });
        }
        return out;
    }

    /** Each source with how many of its lines are kept. */
    public Map<String, Long> sources() {
        Map<String, Long> counts = new TreeMap<>();
        synchronized (entries) {
            entries.forEach(e -> counts.merge(e.source(), 1L, Long::sum));
        }
        return counts;
    }

    /** Copies the gateway's own log lines (dev.mcphybrid, INFO and above) into the aggregated log. */
    private final class GatewayLogHandler extends Handler {
        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record) || publishing.get() || record.getLoggerName() == null
                    || record.getLoggerName().startsWith("dev.mcphybrid.downstream")) {
                return;
            }
            String message = record.getMessage();
            if (record.getParameters() != null && record.getParameters().length > 0) {
                message = java.text.MessageFormat.format(message, record.getParameters());
            }
            add(GATEWAY_SOURCE, LogLevel.of(record.getLevel()), record.getLoggerName(), message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
