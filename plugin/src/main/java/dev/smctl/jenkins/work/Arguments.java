package dev.smctl.jenkins.work;

import dev.smctl.engine.Durations;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Step arguments as the engine wants them, with one-line errors that name the argument. */
final class Arguments {
    private Arguments() {
    }

    static String required(String value, String argument) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequest("the argument '%s' is required".formatted(argument));
        }
        return value.strip();
    }

    /** {@code 90s}, {@code 5m}, {@code 1h30m}; blank means the default. */
    static Duration duration(String text, String fallback) {
        return Durations.parse(text == null || text.isBlank() ? fallback : text.strip());
    }

    /** @return {@code null} when not given */
    static URI url(String text, String argument) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("'%s' is not a URL: %s".formatted(argument, Names.quote(text)));
        }
    }

    /** @return {@code null} when not given */
    static Instant time(String text, String argument) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequest("'%s' takes an ISO-8601 time such as 2026-11-28T02:55:00Z, not %s".formatted(argument, Names.quote(text)));
        }
    }

    /**
     * A whole number given as text, as runbook definitions give every value ({@code replicas: "0"}).
     *
     * @return {@code null} when not given
     */
    static Integer whole(String text, String argument) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequest("'%s' takes a whole number such as 3, not %s".formatted(argument, Names.quote(text)));
        }
    }

    /** {@code "true"} or {@code "false"} (any case); blank means false. */
    static boolean flag(String text, String argument) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequest("'%s' is true or false, not %s".formatted(argument, Names.quote(text)));
        };
    }

    /** {@code on} or {@code off}, required. */
    static boolean onOff(String text, String argument) {
        return switch (required(text, argument)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new InvalidRequest("'%s' is on or off, not %s".formatted(argument, Names.quote(text)));
        };
    }

    /**
     * A command written as one line ({@code npx prisma migrate deploy}): split on white space into an argv, never
     * given to a shell, so quotes and {@code ;} are plain characters.
     */
    static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    /** {@code "users,messages"}; blank means the default. */
    static List<String> commaList(String text, String fallback) {
        String list = text == null || text.isBlank() ? fallback : text;
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
