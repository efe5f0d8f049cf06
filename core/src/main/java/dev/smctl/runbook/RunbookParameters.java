package dev.smctl.runbook;

import dev.smctl.engine.Durations;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the values a run was started with against the definition's typed parameters. Job parameters and alert
 * labels arrive here, so every value is untrusted: a wrong one stops the run before anything happens.
 */
public final class RunbookParameters {
    private RunbookParameters() {
    }

    /** The definition's parameters filled from {@code given} and defaults; optional ones left out are absent. */
    public static Map<String, String> resolve(Runbook runbook, Map<String, String> given) {
        Set<String> known = new TreeSet<>();
        runbook.parameters().forEach(p -> known.add(p.name()));
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequest("%s has no parameter %s; its parameters are %s".formatted(runbook.id(), Names.quote(name), known));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Runbook.Parameter parameter : runbook.parameters()) {
            String value = given.get(parameter.name());
            if (value == null || value.isEmpty()) {
                value = parameter.defaultValue();
            }
            if (value == null) {
                if (parameter.isRequired()) {
                    throw new InvalidRequest("%s needs parameter %s (%s)%s".formatted(runbook.id(), parameter.name(), parameter.type(),
                            parameter.description() == null ? "" : ": " + parameter.description()));
                }
                continue;
            }
            values.put(parameter.name(), check(parameter, value));
        }
        return values;
    }

    /**
     * One value against its parameter's type, as a run checks it; the alert routes check label values with it too.
     *
     * @throws InvalidRequest naming the parameter and the rule
     */
    public static String check(Runbook.Parameter parameter, String value) {
        String what = "parameter " + parameter.name();
        switch (parameter.type()) {
            case "dns-label" -> Names.requireLabel(value, what);
            case "sql-name" -> Names.requireSqlIdentifier(value, what);
            case "integer" -> integer(parameter, value);
            case "duration" -> Durations.parse(value);
            case "time" -> time(parameter, value);
            case "url" -> url(parameter, value);
            case "choice" -> {
                if (!parameter.choices().contains(value)) {
                    throw new InvalidRequest("%s must be one of %s, not %s".formatted(what, parameter.choices(), Names.quote(value)));
                }
            }
            default -> {
                if (!value.equals(Names.oneLine(value, 200))) {
                    throw new InvalidRequest("%s must be one line of at most 200 characters".formatted(what));
                }
            }
        }
        return value;
    }

    private static void integer(Runbook.Parameter parameter, String value) {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequest("parameter %s must be a whole number, not %s".formatted(parameter.name(), Names.quote(value)));
        }
        if ((parameter.min() != null && number < parameter.min()) || (parameter.max() != null && number > parameter.max())) {
            throw new InvalidRequest("parameter %s must be between %s and %s, not %d".formatted(parameter.name(),
                    parameter.min() == null ? "-" : parameter.min(), parameter.max() == null ? "-" : parameter.max(), number));
        }
    }

    private static void time(Runbook.Parameter parameter, String value) {
        try {
            Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequest("parameter %s must be a UTC time such as 2026-11-28T03:00:00Z, not %s".formatted(parameter.name(), Names.quote(value)));
        }
    }

    private static void url(Runbook.Parameter parameter, String value) {
        try {
            URI uri = URI.create(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("parameter %s must be an http(s) URL with a host, not %s".formatted(parameter.name(), Names.quote(value)));
        }
    }
}
