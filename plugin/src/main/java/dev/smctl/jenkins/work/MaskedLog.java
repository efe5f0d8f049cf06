package dev.smctl.jenkins.work;

import dev.smctl.engine.Progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build log as a step writes it: every line, result value and failure message goes through {@link #mask},
 * which replaces each secret the step resolved with {@value #MASK}, as {@code withCredentials} does for the values
 * it binds. Secrets a step fetches itself are not known to {@code withCredentials}, so this is their only mask.
 */
public final class MaskedLog {
    public static final String MASK = "****";

    private final PrintStream out;
    private final String function;
    private final List<String> secrets;

    public MaskedLog(PrintStream out, String function, Set<String> secrets) {
        this.out = out;
        this.function = function;
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = new ArrayList<>(secrets.stream().filter(s -> !s.isEmpty()).toList());
        this.secrets.sort(Comparator.comparingInt(String::length).reversed());
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** Strings anywhere in a result (maps and lists of simple values) masked; other values unchanged. */
    public Object mask(Object value) {
        if (value instanceof String text) {
            return mask(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> masked = new LinkedHashMap<>();
            map.forEach((key, item) -> masked.put(mask(String.valueOf(key)), mask(item)));
            return masked;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(this::mask).toList());
        }
        return value;
    }

    public void line(String text) {
        out.println("[" + function + "] " + mask(text));
        out.flush();
    }

    /** The engine's progress events as build log lines: {@code [smRollback] [verify] ...}. */
    public Progress progress() {
        return event -> line("[" + event.phase() + "] " + event.message());
    }
}
