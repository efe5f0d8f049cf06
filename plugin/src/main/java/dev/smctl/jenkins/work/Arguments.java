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

    /** {@code "users,messages"}; blank means the default. */
    static List<String> commaList(String text, String fallback) {
        String list = text == null || text.isBlank() ? fallback : text;
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
