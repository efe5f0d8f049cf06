package dev.smctl.runbook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smctl.engine.Durations;
import dev.smctl.engine.InvalidRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and validates runbook definitions; every mistake is reported with its file and line. */
public final class RunbookLoader {
    static final Set<String> TYPES = Set.of("dns-label", "sql-name", "string", "integer", "duration", "time", "url", "choice");
    static final List<String> STAGES = List.of("investigating", "identified", "monitoring", "resolved");
    private static final Pattern ID = Pattern.compile("P[0-3]-\\d{2}");
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private RunbookLoader() {
    }

    /** Every definition listed in {@code smctl/runbooks/index.txt} on the classpath, validated. */
    public static List<Runbook> all() {
        List<Runbook> runbooks = new ArrayList<>();
        try (InputStream index = RunbookLoader.class.getResourceAsStream("/smctl/runbooks/index.txt")) {
            if (index == null) {
                throw new IllegalStateException("smctl/runbooks/index.txt is missing from the classpath");
            }
            for (String file : new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                try (InputStream in = RunbookLoader.class.getResourceAsStream("/smctl/runbooks/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("smctl/runbooks/%s is listed in index.txt but missing".formatted(file));
                    }
                    runbooks.add(load(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the runbook definitions", e);
        }
        return runbooks;
    }

    public static Runbook find(String id) {
        return all().stream().filter(r -> r.id().equalsIgnoreCase(id)).findFirst().orElseThrow(() -> new InvalidRequest(
                "no runbook %s; see 'smctl runbook list'".formatted(dev.smctl.engine.Names.quote(id))));
    }

    /** Parses and validates one definition. */
    public static Runbook load(String file, String text) {
        Runbook runbook;
        try {
            runbook = YAML.readValue(text, Runbook.class);
        } catch (UnrecognizedPropertyException e) {
            // Records are read through their constructor, so Jackson only notices at the end of the object: find the key.
            throw new InvalidRunbook(file, firstLineWith(text, e.getPropertyName() + ":", line(e.getLocation())),
                    "unknown field '%s' (known: %s)".formatted(e.getPropertyName(), new java.util.TreeSet<>(e.getKnownPropertyIds().stream().map(Object::toString).toList())));
        } catch (JsonProcessingException e) {
            throw new InvalidRunbook(file, line(e.getLocation()), e.getOriginalMessage());
        }
        if (runbook == null) {
            throw new InvalidRunbook(file, 1, "the file is empty");
        }
        new Checks(file, text, runbook).run();
        return runbook;
    }

    private static int firstLineWith(String text, String needle, int otherwise) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        return otherwise;
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    /** The rules a definition must follow beyond its shape. */
    private record Checks(String file, String text, Runbook runbook) {
        void run() {
            require(runbook.id() != null && ID.matcher(runbook.id()).matches(), "id", "id must look like P0-01 (severity, number)");
            require(file.equals(runbook.id() + ".yaml"), "id", "id %s does not match the file name".formatted(runbook.id()));
            require(runbook.id().substring(0, 2).equals(runbook.severity()), "severity", "severity must be %s, the id's prefix".formatted(runbook.id().substring(0, 2)));
            require(runbook.version() >= 1, "version", "version must be 1 or more");
            require(runbook.title() != null && !runbook.title().isBlank(), "title", "a title is required");
            if (runbook.rto() != null) {
                duration(runbook.rto(), "rto");
            }
            Set<String> parameters = new HashSet<>();
            for (Runbook.Parameter parameter : runbook.parameters()) {
                require(parameter.name() != null && NAME.matcher(parameter.name()).matches(), parameter.name(), "parameter names are camelCase words");
                require(parameters.add(parameter.name()), parameter.name(), "parameter %s is declared twice".formatted(parameter.name()));
                require(TYPES.contains(parameter.type()), parameter.name(), "parameter %s has type %s; known types: %s".formatted(parameter.name(), parameter.type(), TYPES));
                if ("choice".equals(parameter.type())) {
                    require(parameter.choices() != null && !parameter.choices().isEmpty(), parameter.name(), "a choice parameter lists its choices");
                    require(parameter.defaultValue() == null || parameter.choices().contains(parameter.defaultValue()), parameter.name(),
                            "the default of %s is not one of its choices".formatted(parameter.name()));
                }
                if ("integer".equals(parameter.type()) && parameter.defaultValue() != null) {
                    int value = Integer.parseInt(parameter.defaultValue());
                    require((parameter.min() == null || value >= parameter.min()) && (parameter.max() == null || value <= parameter.max()),
                            parameter.name(), "the default of %s is outside its bounds".formatted(parameter.name()));
                }
                if ("duration".equals(parameter.type()) && parameter.defaultValue() != null) {
                    duration(parameter.defaultValue(), parameter.name());
                }
            }
            Set<String> steps = new HashSet<>();
            require(!runbook.steps().isEmpty(), "steps", "a runbook has at least one step");
            for (Runbook.Step step : runbook.steps()) {
                String at = "id: " + step.id();
                require(step.id() != null && steps.add(step.id()), at, "step ids must be present and unique");
                Set<String> arguments = StepActions.ARGUMENTS.get(step.action());
                require(arguments != null, at, "step %s names unknown action %s; known: %s".formatted(step.id(), step.action(),
                        new java.util.TreeSet<>(StepActions.ARGUMENTS.keySet())));
                step.with().keySet().forEach(name -> require(arguments.contains(name), at, "step %s: action %s takes no argument %s; it takes %s"
                        .formatted(step.id(), step.action(), name, new java.util.TreeSet<>(arguments))));
                StepActions.COMMANDS.forEach(command -> require(!step.with().getOrDefault(command, "").contains("${"), at,
                        "step %s: %s is a command and must be written out in the definition, not taken from a parameter".formatted(step.id(), command)));
                require(step.gate() == null || runbook.gates().containsKey(step.gate()), at, "step %s names gate %s, which is not defined".formatted(step.id(), step.gate()));
                require(!destructive(step) || step.gate() != null, at, "step %s (%s) changes data or stops the service and needs a gate".formatted(step.id(), step.action()));
                if (step.when() != null) {
                    java.util.Optional<Condition> condition = Condition.parse(step.when());
                    require(condition.isPresent(), at, "step %s: when must read 'parameter == value' or 'parameter != value'".formatted(step.id()));
                    require(parameters.contains(condition.get().variable()), at,
                            "step %s: when names %s, which is not a parameter".formatted(step.id(), condition.get().variable()));
                }
                step.with().values().forEach(value -> {
                    Matcher placeholder = PLACEHOLDER.matcher(value);
                    while (placeholder.find()) {
                        require(parameters.contains(placeholder.group(1)), at, "step %s uses ${%s}, which is not a parameter".formatted(step.id(), placeholder.group(1)));
                    }
                });
            }
            runbook.gates().forEach((name, gate) -> {
                require(!gate.approvers().isEmpty(), name + ":", "gate %s names no approvers".formatted(name));
                require(gate.minApprovals() >= 1, name + ":", "gate %s needs at least one approval".formatted(name));
                require(gate.expires() != null && duration(gate.expires(), name).compareTo(java.time.Duration.ofDays(30)) <= 0, name + ":",
                        "gate %s expires after more than 30 days (aws:approve's maximum)".formatted(name));
            });
            for (String stage : STAGES) {
                require(runbook.statusPage().containsKey(stage), "statusPage", "statusPage lacks the %s text".formatted(stage));
            }
            require(runbook.updateEvery() != null, "updateEvery", "updateEvery (the status-page cadence) is required");
            duration(runbook.updateEvery(), "updateEvery");
        }

        /** Restores, rotations, revocations, scaling to zero and deleting pods change data or stop the service: never ungated. */
        private static boolean destructive(Runbook.Step step) {
            return switch (step.action()) {
                case "db-restore", "pod-delete", "db-kill-queries", "bluegreen-switch", "rollback", "restart", "sessions-revoke", "secrets-rotate",
                     "users-force-2fa", "cache-flush" -> true;
                case "scale" -> "0".equals(step.with().get("replicas"));
                default -> false;
            };
        }

        private java.time.Duration duration(String value, String near) {
            try {
                return Durations.parse(value);
            } catch (InvalidRequest e) {
                throw new InvalidRunbook(file, lineOf(near), e.getMessage());
            }
        }

        private void require(boolean ok, String near, String reason) {
            if (!ok) {
                throw new InvalidRunbook(file, lineOf(near), reason);
            }
        }

        /** Where the offending element is written: the first line mentioning it (the file's first line if none). */
        private int lineOf(String near) {
            return near == null ? 1 : firstLineWith(text, near, 1);
        }
    }

}
