package dev.smctl.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smctl.engine.Durations;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.runbook.Runbook;
import dev.smctl.runbook.RunbookLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads and validates a routing table ({@code resources/smctl/alerts/routes.yaml} is the default); every mistake
 * is reported as {@code FILE line N: reason}, and a table that loads can route any alert without surprises: each
 * route names a runbook that exists, fills only parameters the runbook declares, and reads no label into a
 * parameter without an allowlist or a pattern.
 */
public final class RoutesLoader {
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(30);
    /** Longer than Alertmanager's default data retention (120 h), so a repeat of a known incident is recognised. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /**
     * Runbooks no alert may start unattended: P0-03 takes the service offline, so whoever can fire an alert could
     * otherwise stop it.
     */
    static final Set<String> ALWAYS_GATED = Set.of("P0-03");
    private static final String DEFAULTS = "/smctl/alerts/routes.yaml";
    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();
    private static final ObjectMapper YAML = new ObjectMapper(YAML_FACTORY).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RoutesLoader() {
    }

    /** The table shipped with smctl (routes the runbook's alerts; see the file). */
    public static Routes defaults() {
        try (InputStream in = RoutesLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("smctl/alerts/routes.yaml is missing from the classpath");
            }
            return load("routes.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default alert routes", e);
        }
    }

    public static Routes load(Path file) {
        try {
            return load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidRequest("cannot read the alert routes %s (%s)".formatted(Names.quote(file.toString()), e.getMessage()));
        }
    }

    /** Parses and validates one table; {@code file} only names it in messages. */
    public static Routes load(String file, String text) {
        TableSpec table;
        try {
            table = YAML.readValue(text, TableSpec.class);
        } catch (UnrecognizedPropertyException e) {
            // Records are built when their object ends, which is where Jackson points: find the field's own line.
            int line = lines(text).getOrDefault(pointer(e), line(e));
            throw invalid(file, line, "unknown field '%s' (known: %s)".formatted(e.getPropertyName(),
                    new TreeSet<>(e.getKnownPropertyIds().stream().map(Object::toString).toList())));
        } catch (JsonProcessingException e) {
            throw invalid(file, line(e), e.getOriginalMessage());
        }
        if (table == null) {
            throw invalid(file, 1, "the file is empty; it needs a list of routes");
        }
        Map<String, Runbook> runbooks = RunbookLoader.all().stream().collect(Collectors.toMap(Runbook::id, Function.identity()));
        return new Checks(file, lines(text), runbooks).table(table);
    }

    /** Where a mapping error happened, as a JSON pointer ({@code /routes/1/parameters/namespace/lable}). */
    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()));
        }
        return pointer.toString();
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 1 : e.getLocation().getLineNr();
    }

    private static InvalidRequest invalid(String file, int line, String reason) {
        return new InvalidRequest("%s line %d: %s".formatted(file, line, reason));
    }

    /**
     * The line of every element of the YAML document by JSON pointer ({@code /routes/2/parameters/namespace}),
     * so that a rule broken by a parsed value can name the line it was written on.
     */
    static Map<String, Integer> lines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser parser = YAML_FACTORY.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.FIELD_NAME) {
                    stack.peek().field = parser.currentName();
                    lines.putIfAbsent(pointer(stack), line);
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    stack.pop();
                } else {
                    if (!stack.isEmpty() && stack.peek().array) {
                        stack.peek().index++;
                    }
                    lines.putIfAbsent(pointer(stack), line);
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        stack.push(new Frame(token == JsonToken.START_ARRAY));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("YAML that parsed once did not parse again", e);
        }
        return lines;
    }

    private static String pointer(Deque<Frame> stack) {
        StringBuilder pointer = new StringBuilder();
        stack.descendingIterator().forEachRemaining(frame -> pointer.append('/').append(frame.array ? String.valueOf(frame.index) : frame.field));
        return pointer.toString();
    }

    /** Where the walk in {@link #lines} is inside one object or list. */
    private static final class Frame {
        final boolean array;
        int index = -1;
        String field;

        Frame(boolean array) {
            this.array = array;
        }
    }

    /** The rules a table must follow beyond its shape. */
    private record Checks(String file, Map<String, Integer> lines, Map<String, Runbook> runbooks) {
        Routes table(TableSpec table) {
            Duration cooldown = table.cooldown() == null ? DEFAULT_COOLDOWN : duration(table.cooldown(), "/cooldown");
            Duration retention = table.retention() == null ? DEFAULT_RETENTION : duration(table.retention(), "/retention");
            require(retention.compareTo(Duration.ofHours(1)) >= 0, "/retention", "retention must be at least 1h: a shorter memory lets a repeat start a second run");
            require(table.routes() != null && !table.routes().isEmpty(), "/routes", "the table has no routes");
            List<Route> routes = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < table.routes().size(); i++) {
                RouteSpec spec = table.routes().get(i);
                String at = "/routes/" + i;
                require(spec != null, at, "route %d is empty".formatted(i + 1));
                Route route = route(spec, at, cooldown);
                require(names.add(route.name()), at + "/name", "route name %s is used twice".formatted(route.name()));
                routes.add(route);
            }
            return new Routes(file, routes, retention);
        }

        private Route route(RouteSpec spec, String at, Duration defaultCooldown) {
            require(spec.name() != null, at, "a route needs a name");
            try {
                Names.requireLabel(spec.name(), "route name");
            } catch (InvalidRequest e) {
                throw fail(at + "/name", e.getMessage());
            }
            Map<String, String> match = spec.match() == null ? Map.of() : spec.match();
            Map<String, String> matchRegex = spec.matchRegex() == null ? Map.of() : spec.matchRegex();
            require(!match.isEmpty() || !matchRegex.isEmpty(), at, "route %s has no matchers: it would take every alert".formatted(spec.name()));
            match.forEach((label, value) -> {
                labelName(label, at + "/match/" + label);
                require(value != null, at + "/match/" + label, "match %s needs a value".formatted(label));
            });
            Map<String, Pattern> regexes = new LinkedHashMap<>();
            matchRegex.forEach((label, regex) -> {
                labelName(label, at + "/matchRegex/" + label);
                regexes.put(label, pattern(regex, at + "/matchRegex/" + label));
            });
            Runbook runbook = runbooks.get(spec.runbook());
            require(runbook != null, at + "/runbook", "route %s names runbook %s, which does not exist (known: %s)"
                    .formatted(spec.name(), Names.quote(spec.runbook()), new TreeSet<>(runbooks.keySet())));
            boolean gated = Boolean.TRUE.equals(spec.gated());
            require(gated || !ALWAYS_GATED.contains(runbook.id()), at + "/runbook",
                    "route %s starts %s, which an alert may only start gated: add 'gated: true'".formatted(spec.name(), runbook.id()));
            require(!gated || runbook.steps().stream().anyMatch(step -> step.gate() != null), at + "/gated",
                    "route %s is gated but runbook %s has no gate to wait at; remove 'gated: true' or route another runbook"
                            .formatted(spec.name(), runbook.id()));
            List<RouteParameter> parameters = new ArrayList<>();
            if (spec.parameters() != null) {
                spec.parameters().forEach((name, parameter) -> parameters.add(parameter(name, parameter, runbook, at + "/parameters/" + name)));
            }
            Duration cooldown = spec.cooldown() == null ? defaultCooldown : duration(spec.cooldown(), at + "/cooldown");
            return new Route(spec.name(), match, regexes, runbook.id(), parameters, gated, cooldown);
        }

        private RouteParameter parameter(String name, ParameterSpec spec, Runbook runbook, String at) {
            Runbook.Parameter declared = runbook.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
            require(declared != null, at, "runbook %s has no parameter %s (it has: %s)".formatted(runbook.id(), name,
                    runbook.parameters().stream().map(Runbook.Parameter::name).toList()));
            require(spec != null && (spec.label() == null) != (spec.value() == null), at,
                    "parameter %s needs either 'label' (taken from the alert) or 'value' (a constant), not both".formatted(name));
            List<String> allow = spec.allow() == null ? List.of() : spec.allow();
            require(allow.stream().noneMatch(Objects::isNull), at + "/allow", "parameter %s has an empty entry in 'allow'".formatted(name));
            if (spec.label() != null) {
                labelName(spec.label(), at + "/label");
                require(!allow.isEmpty() || spec.pattern() != null, at,
                        "parameter %s comes from label %s and needs 'allow' (a list) or 'pattern': a label must never pass into a job unchecked"
                                .formatted(name, spec.label()));
            } else {
                require(allow.isEmpty() && spec.pattern() == null && spec.defaultValue() == null, at,
                        "parameter %s is a constant: 'allow', 'pattern' and 'default' apply only to a label".formatted(name));
            }
            Pattern pattern = spec.pattern() == null ? null : pattern(spec.pattern(), at + "/pattern");
            RouteParameter parameter = new RouteParameter(name, spec.label(), spec.value(), spec.defaultValue(), Set.copyOf(allow), pattern, declared);
            for (int i = 0; i < allow.size(); i++) {
                acceptable(parameter, allow.get(i), at + "/allow/" + i);
            }
            if (spec.value() != null) {
                acceptable(parameter, spec.value(), at + "/value");
            }
            if (spec.defaultValue() != null) {
                acceptable(parameter, spec.defaultValue(), at + "/default");
            }
            return parameter;
        }

        private void acceptable(RouteParameter parameter, String value, String at) {
            String problem = value == null ? "a value is required" : parameter.problemWith(value);
            require(problem == null, at, "%s for parameter %s is not acceptable: %s".formatted(Names.quote(value), parameter.name(), problem));
        }

        private void labelName(String label, String at) {
            require(PayloadParser.LABEL_NAME.matcher(label).matches(), at, "%s is not a Prometheus label name".formatted(Names.quote(label)));
        }

        private Pattern pattern(String regex, String at) {
            require(regex != null && !regex.isEmpty(), at, "a pattern is required");
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw fail(at, "pattern %s does not compile: %s".formatted(Names.quote(regex), e.getDescription()));
            }
        }

        private Duration duration(String text, String at) {
            try {
                return Durations.parse(text);
            } catch (InvalidRequest e) {
                throw fail(at, e.getMessage());
            }
        }

        private void require(boolean ok, String at, String reason) {
            if (!ok) {
                throw fail(at, reason);
            }
        }

        /** The error at the line of {@code at}, or of its nearest enclosing element that has one. */
        private InvalidRequest fail(String at, String reason) {
            for (String pointer = at; !pointer.isEmpty(); pointer = pointer.substring(0, pointer.lastIndexOf('/'))) {
                Integer line = lines.get(pointer);
                if (line != null) {
                    return invalid(file, line, reason);
                }
            }
            return invalid(file, 1, reason);
        }
    }

    /** routes.yaml as written. */
    record TableSpec(String cooldown, String retention, List<RouteSpec> routes) {
    }

    record RouteSpec(String name, Map<String, String> match, Map<String, String> matchRegex, String runbook,
                     LinkedHashMap<String, ParameterSpec> parameters, Boolean gated, String cooldown) {
    }

    record ParameterSpec(String label, String value, @JsonProperty("default") String defaultValue, List<String> allow, String pattern) {
    }
}
