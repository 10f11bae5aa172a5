package dev.mcphybrid.status;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The recent windows the status and metrics endpoints report on. */
public enum StatusWindow {
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    ONE_HOUR("1h", Duration.ofHours(1)),
    ONE_DAY("24h", Duration.ofHours(24));

    private final String label;
    private final Duration duration;

    StatusWindow(String label, Duration duration) {
        this.label = label;
        this.duration = duration;
    }

    public String label() {
        return label;
    }

    public Duration duration() {
        return duration;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static StatusWindow parse(String text) {
        String wanted = text == null ? "" : text.trim();
        return Arrays.stream(values()).filter(w -> w.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("window must be one of " + labels() + ", not '" + text + "'"));
    }

    public static String labels() {
        return Arrays.stream(values()).map(StatusWindow::label).collect(Collectors.joining(", "));
    }
}
