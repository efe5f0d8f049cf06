package dev.smctl.runbook;

import dev.smctl.Remediation;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.DatabaseReport;
import dev.smctl.db.KillQueries;
import dev.smctl.db.RevokeSessions;
import dev.smctl.db.SafeRestore;
import dev.smctl.cache.RedisAccess;
import dev.smctl.secrets.SecretKind;
import dev.smctl.secrets.SecretRotation;
import dev.smctl.diagnostics.Diagnosis;
import dev.smctl.diagnostics.PodUsage;
import dev.smctl.engine.Durations;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import dev.smctl.k8s.BlueGreenSwitch;
import dev.smctl.k8s.IngressAnnotate;
import dev.smctl.k8s.RollbackRequest;
import dev.smctl.k8s.Scale;
import dev.smctl.k8s.Workloads;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a runbook step into the engine call it names. The same table is what a definition is checked against,
 * so a step cannot name an action or an argument that nothing carries out.
 */
public final class StepActions {
    /**
     * Arguments that become a command to run: they must be written in the definition (reviewed, versioned), never
     * filled from a parameter, which a job's user or an alert's labels control.
     */
    public static final Set<String> COMMANDS = Set.of("migration");

    /** Each action a step may name, with the arguments it takes. */
    public static final Map<String, Set<String>> ARGUMENTS = Map.ofEntries(
            Map.entry("diagnose", Set.of("deployment", "logLines")),
            Map.entry("top", Set.of("order")),
            Map.entry("rollback", Set.of("deployment", "toRevision", "healthUrl")),
            Map.entry("pod-delete", Set.of("pod")),
            Map.entry("bluegreen-switch", Set.of("service", "to", "healthUrl")),
            Map.entry("scale", Set.of("workload", "replicas", "restorePrevious")),
            Map.entry("restart", Set.of("deployment")),
            Map.entry("ingress-annotate", Set.of("ingress", "annotation")),
            Map.entry("maintenance", Set.of("service", "mode")),
            Map.entry("backup-job", Set.of("cronJob")),
            Map.entry("health-check", Set.of("url")),
            Map.entry("db-read-only", Set.of("database", "mode")),
            Map.entry("db-restore", Set.of("database", "backup", "before", "expectTables", "verifySql", "migration")),
            Map.entry("db-backup", Set.of("database")),
            Map.entry("db-kill-queries", Set.of("olderThan", "protectedRoles")),
            Map.entry("db-slow-queries", Set.of("limit")),
            Map.entry("db-counts", Set.of("database", "tables")),
            Map.entry("db-health", Set.of("database")),
            Map.entry("forensics-capture", Set.of("database", "pods")),
            Map.entry("sessions-revoke", Set.of("database", "tables")),
            Map.entry("users-force-2fa", Set.of("database")),
            Map.entry("secrets-rotate", Set.of("kind", "secret", "role", "deployment", "database")),
            Map.entry("cache-stats", Set.of()),
            Map.entry("cache-flush", Set.of("db")));

    /** Actions that change nothing: they move no status-page stage and need no gate. */
    public static final Set<String> READ_ONLY = Set.of("diagnose", "top", "health-check", "db-slow-queries", "db-counts", "db-health",
            "forensics-capture", "cache-stats");

    private final StepEnvironment environment;

    public StepActions(StepEnvironment environment) {
        this.environment = environment;
    }

    /** Runs one step for real; an argument the definition got wrong is an invalid request, refused before any change. */
    public StepOutcome run(String namespace, RunbookPlan.PlannedStep step, Invocation invocation, Progress progress) {
        Arguments args = new Arguments(step);
        Remediation engine = environment.remediation();
        Duration timeout = environment.timeout();
        return switch (step.action()) {
            case "diagnose" -> {
                Diagnosis diagnosis = engine.diagnose(Target.deployment(namespace, args.require("deployment")), args.integer("logLines", 100),
                        environment.probes());
                yield StepOutcome.checked(String.join("; ", diagnosis.findings()), Map.of("scenario", diagnosis.scenario()));
            }
            case "top" -> StepOutcome.checked(engine.top(namespace, PodUsage.Order.of(args.optional("order")))
                    .stream().limit(5).map(u -> "%s %dm CPU %dMi".formatted(u.pod(), u.cpuMillicores(), u.memoryMebibytes()))
                    .collect(Collectors.joining("; ", "busiest pods: ", "")), Map.of());
            case "rollback" -> StepOutcome.of(engine.rollback(new RollbackRequest(Target.deployment(namespace, args.require("deployment")),
                    args.integer("toRevision", 0), timeout, args.url("healthUrl"), RollbackRequest.DEFAULT_HEALTH_TIMEOUT), invocation, progress));
            case "pod-delete" -> StepOutcome.of(engine.deletePod(new Target("pod", namespace, args.require("pod")), timeout, invocation, progress));
            case "bluegreen-switch" -> StepOutcome.of(engine.blueGreenSwitch(new BlueGreenSwitch.Request(new Target("service", namespace,
                    args.require("service")), args.optional("to"), null, args.url("healthUrl"), RollbackRequest.DEFAULT_HEALTH_TIMEOUT, null,
                    "color", BlueGreenSwitch.Request.BLUE_GREEN), invocation, progress));
            case "scale" -> {
                boolean previous = Boolean.parseBoolean(args.optional("restorePrevious"));
                yield StepOutcome.of(engine.scale(new Scale.Request(Workloads.parse(args.require("workload"), namespace, "deployment"),
                        previous ? null : args.integer("replicas", -1), previous, 20, timeout), invocation, progress));
            }
            case "restart" -> StepOutcome.of(engine.restart(Target.deployment(namespace, args.require("deployment")), timeout, invocation, progress));
            case "ingress-annotate" -> StepOutcome.of(engine.annotateIngress(IngressAnnotate.Request.parse(new Target("ingress", namespace,
                    args.require("ingress")), args.require("annotation")), invocation, progress));
            case "maintenance" -> StepOutcome.of(engine.maintenance(new Target("service", namespace, args.require("service")),
                    args.onOff("mode"), timeout, invocation, progress));
            case "backup-job" -> StepOutcome.of(engine.backupJob(new Target("cronjob", namespace, args.require("cronJob")), null, timeout, 50,
                    invocation, progress));
            case "health-check" -> {
                URI url = args.url("url") != null ? args.url("url") : environment.healthUrl();
                if (url == null) {
                    yield new StepOutcome(Status.SKIPPED, "no health URL was given (--health-url): not probed", null, Map.of());
                }
                Verification health = engine.probeHealth(url, timeout, progress);
                yield new StepOutcome(health.passed() ? Status.SUCCEEDED : Status.FAILED, health.message(), null, Map.of());
            }
            case "db-read-only" -> StepOutcome.of(engine.readOnly(database(args, step), namespace, args.onOff("mode"), invocation, progress));
            case "db-restore" -> StepOutcome.of(engine.restore(new SafeRestore.Request(database(args, step), namespace,
                    environment.requireBackups(step.id()), args.optional("backup"), args.time("before"), DatabaseReport.tablesOrDefault(args.list("expectTables")),
                    args.optional("verifySql"), args.words("migration"), 2, environment.workDir().resolve("restore"), timeout), invocation, progress));
            case "db-backup" -> StepOutcome.of(engine.backupNow(database(args, step), namespace, environment.requireBackups(step.id()),
                    environment.requireSink(step.id()), timeout, invocation, progress));
            case "db-kill-queries" -> StepOutcome.of(engine.killQueries(database(args, step), namespace,
                    Durations.parse(args.optional("olderThan") == null ? KillQueries.DEFAULT_OLDER_THAN : args.optional("olderThan")),
                    KillQueries.protectedRolesOrDefault(args.list("protectedRoles")),
                    invocation, progress));
            case "db-slow-queries" -> StepOutcome.checked(DatabaseReport.slowest(database(args, step), args.integer("limit", 10)).stream()
                    .map(q -> "%.0f ms mean x%d: %s".formatted(q.meanMillis(), q.calls(), Names.oneLine(q.query(), 80)))
                    .collect(Collectors.joining("; ", "slowest statements: ", "")), Map.of());
            case "db-counts" -> StepOutcome.checked("row counts " + DatabaseReport.counts(database(args, step), DatabaseReport.tablesOrDefault(args.list("tables"))), Map.of());
            case "db-health" -> StepOutcome.checked(DatabaseReport.health(database(args, step)).toString(), Map.of());
            case "forensics-capture" -> StepOutcome.of(engine.captureForensics(namespace, Map.of("component", args.optional("pods") == null
                            ? "backend" : args.optional("pods")), args.optional("database") == null ? null : database(args, step),
                    environment.workDir().resolve("forensics-" + step.id()), invocation, progress));
            case "sessions-revoke" -> StepOutcome.of(engine.revokeSessions(database(args, step), namespace,
                    args.list("tables").isEmpty() ? RevokeSessions.DEFAULT_TABLES : args.list("tables"), invocation, progress));
            case "users-force-2fa" -> StepOutcome.of(engine.forceTwoFactor(database(args, step), namespace, invocation, progress));
            case "secrets-rotate" -> {
                SecretKind kind = SecretKind.parse(args.require("kind"));
                Target secret = kind.target(namespace, args.optional("secret"));
                yield StepOutcome.of(engine.rotateSecret(new SecretRotation.Request(kind, secret, kind == SecretKind.DB_PASSWORD ? database(args, step) : null,
                        args.optional("role"), args.optional("deployment"), timeout), invocation, progress));
            }
            case "cache-stats" -> StepOutcome.checked(Remediation.cacheStats(environment.requireRedis(step.id())).toString(), Map.of());
            case "cache-flush" -> {
                RedisAccess redis = environment.requireRedis(step.id());
                int allowed = redis.database();
                RedisAccess target = redis.onDatabase(args.integer("db", allowed));
                yield StepOutcome.of(engine.flushCache(target, namespace, allowed, invocation, progress));
            }
            default -> throw new InvalidRequest("step %s names action %s, which this version of smctl does not carry out".formatted(step.id(), step.action()));
        };
    }

    private DatabaseAccess database(Arguments args, RunbookPlan.PlannedStep step) {
        DatabaseAccess access = environment.requireDatabase(step.id());
        String name = args.optional("database");
        return name == null ? access : access.on(Names.requireSqlIdentifier(name, "database name"));
    }


    /** A step's resolved arguments, read with the types each action expects. */
    private record Arguments(RunbookPlan.PlannedStep step) {
        String optional(String name) {
            String value = step.arguments().get(name);
            return value == null || value.isEmpty() ? null : value;
        }

        String require(String name) {
            String value = optional(name);
            if (value == null) {
                throw new InvalidRequest("step %s (%s) needs argument %s".formatted(step.id(), step.action(), name));
            }
            return value;
        }

        int integer(String name, int otherwise) {
            String value = optional(name);
            try {
                return value == null ? otherwise : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidRequest("step %s: %s must be a whole number, not %s".formatted(step.id(), name, Names.quote(value)));
            }
        }

        boolean onOff(String name) {
            return switch (require(name)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new InvalidRequest("step %s: %s must be on or off".formatted(step.id(), name));
            };
        }

        URI url(String name) {
            String value = optional(name);
            return value == null ? null : URI.create(value);
        }

        Instant time(String name) {
            String value = optional(name);
            return value == null ? null : Instant.parse(value);
        }

        /** An argv written in the definition ({@code npx prisma migrate deploy}): split on spaces, never given to a shell. */
        List<String> words(String name) {
            String value = optional(name);
            return value == null ? List.of() : Arrays.stream(value.strip().split("\\s+")).toList();
        }

        List<String> list(String name) {
            String value = optional(name);
            return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }
}
