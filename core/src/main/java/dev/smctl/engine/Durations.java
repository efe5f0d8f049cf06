package dev.smctl.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as kubectl spells them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequest("a duration is required, e.g. 90s, 5m or 1h30m");
        }
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
            end = part.end();
        }
        if (end != text.length()) {
            throw new InvalidRequest("%s is not a duration: use e.g. 90s, 5m or 1h30m".formatted(Names.quote(text)));
        }
        return total;
    }

    /** {@code 1m30s}, {@code 2.5s}: short and readable. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 60_000) {
            return "%.1fs".formatted(millis / 1000.0);
        }
        long minutes = duration.toMinutes();
        long seconds = duration.toSecondsPart();
        return minutes >= 60 ? "%dh%dm".formatted(minutes / 60, minutes % 60) : "%dm%ds".formatted(minutes, seconds);
    }
}
