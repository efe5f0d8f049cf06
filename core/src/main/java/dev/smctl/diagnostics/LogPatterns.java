package dev.smctl.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The runbook's P0-01 log checks, and P2-02's grouping of ERROR lines by type. */
public final class LogPatterns {
    /** What the runbook says to look for in the last log lines, in its words. */
    static final Map<String, Pattern> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("database connection", Pattern.compile("(?i)(ECONNREFUSED[^\\n]*:5432|can't reach database|PrismaClientInitializationError|connection to (the )?(server|database)|too many clients|password authentication failed)"));
        FLAGS.put("out of memory", Pattern.compile("(?i)(out of memory|heap limit|OOMKilled|ENOMEM|Cannot allocate memory)"));
        FLAGS.put("uncaught exception", Pattern.compile("(?i)(unhandled (exception|promise rejection)|uncaught|TypeError|ReferenceError|RangeError)"));
        FLAGS.put("port binding", Pattern.compile("(?i)(EADDRINUSE|address already in use|bind: permission denied)"));
        FLAGS.put("websocket", Pattern.compile("(?i)websocket"));
    }

    private static final Pattern ERROR = Pattern.compile("\\b(ERROR|FATAL)\\b");
    private static final Pattern NUMBERS = Pattern.compile("\\b(0x)?[0-9a-f]{6,}\\b|\\d+");

    private LogPatterns() {
    }

    /** A log line that matched one of {@link #FLAGS}. */
    public record FlaggedLine(String pod, String line, List<String> flags) {
    }

    /** ERROR lines of one type (numbers and ids folded), with how many there were. */
    public record ErrorType(String type, int count, String example) {
    }

    public static List<String> flags(String line) {
        List<String> flags = new ArrayList<>();
        FLAGS.forEach((name, pattern) -> {
            if (pattern.matcher(line).find()) {
                flags.add(name);
            }
        });
        return flags;
    }

    /** Groups ERROR and FATAL lines by their message with numbers and ids folded, most frequent first. */
    public static List<ErrorType> summarize(List<String> lines) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        for (String line : lines) {
            var error = ERROR.matcher(line);
            if (!error.find()) {
                continue;
            }
            String message = line.substring(error.start()).strip();
            String type = NUMBERS.matcher(message.length() > 120 ? message.substring(0, 120) : message).replaceAll("N");
            counts.computeIfAbsent(type, k -> new int[1])[0]++;
            examples.putIfAbsent(type, line.strip());
        }
        return counts.entrySet().stream()
                .map(e -> new ErrorType(e.getKey(), e.getValue()[0], examples.get(e.getKey())))
                .sorted((a, b) -> Integer.compare(b.count(), a.count()))
                .toList();
    }
}
