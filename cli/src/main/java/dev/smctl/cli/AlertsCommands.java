package dev.smctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.Remediation;
import dev.smctl.alerts.AlertDispatcher;
import dev.smctl.alerts.AlertReceiver;
import dev.smctl.alerts.CachingDedupStore;
import dev.smctl.alerts.Decision;
import dev.smctl.alerts.DedupStore;
import dev.smctl.alerts.LeaseDedupStore;
import dev.smctl.alerts.PayloadParser;
import dev.smctl.alerts.ReceivedAlert;
import dev.smctl.alerts.ReceiverServer;
import dev.smctl.alerts.Routes;
import dev.smctl.alerts.RoutesLoader;
import dev.smctl.approval.ApprovalGate;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Failures;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Secret;
import dev.smctl.runbook.StepActions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code smctl alerts route|serve}: Alertmanager notifications to runbooks, as the Jenkins endpoint decides them. */
@Command(name = "alerts", description = "Alertmanager notifications to runbooks: test the routing table, or receive alerts while Jenkins is down.",
        subcommands = {AlertsCommands.RouteTest.class, AlertsCommands.Serve.class})
final class AlertsCommands extends GroupCommand {

    static Routes routes(Path config) {
        return config == null ? RoutesLoader.defaults() : RoutesLoader.load(config);
    }

    @Command(name = "route",
            description = {"Print, as JSON, what each alert of a notification would start, like amtool's route test.",
                    "Nothing is deduplicated, scheduled or recorded. Exits 2 when the table or the notification is refused."},
            footer = {"", "Examples:", "  smctl alerts route --payload notification.json",
                    "  smctl alerts route --config resources/smctl/alerts/routes.yaml --payload - < notification.json"})
    static final class RouteTest implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "Routing table (default: the one shipped with smctl, resources/smctl/alerts/routes.yaml).")
        Path config;

        @Option(names = "--payload", paramLabel = "FILE", required = true, description = "A webhook notification (JSON) as Alertmanager sends it; '-' reads standard input.")
        String payload;

        @Override
        public Integer call() throws IOException {
            Routes routes = routes(config);
            PayloadParser parser = new PayloadParser();
            List<ReceivedAlert> alerts = parser.parse(read(payload, parser.maxBytes()));
            ObjectMapper json = new ObjectMapper();
            ObjectNode result = json.createObjectNode();
            result.put("routes", routes.source());
            ArrayNode decisions = result.putArray("decisions");
            for (int i = 0; i < alerts.size(); i++) {
                Decision.routing(alerts.get(i), routes.route(alerts.get(i), "alerts[%d]".formatted(i))).writeTo(decisions.addObject());
            }
            spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return ExitCodes.OK;
        }

        /** At most one byte more than the parser accepts, so a huge file is refused, not loaded. */
        private static byte[] read(String payload, int limit) throws IOException {
            if (payload.equals("-")) {
                return System.in.readNBytes(limit + 1);
            }
            Path file = Path.of(payload);
            if (!Files.isRegularFile(file)) {
                throw new InvalidRequest("notification file %s does not exist".formatted(Names.quote(payload)));
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(limit + 1);
            }
        }
    }

    @Command(name = "serve",
            description = {"Receive Alertmanager's webhook on a loopback port and run the routed runbooks: the break-glass receiver",
                    "for when Jenkins is down. Every alert is routed, deduplicated in the cluster (Leases in -n NAMESPACE, shared",
                    "with Jenkins' receiver) and audited, with the alert as the actor. Each new incident's runbook runs on a pool",
                    "of --max-runs threads (then up to --max-queued wait; past that Alertmanager gets 503 and retries), with the",
                    "same engine, options and locks as 'smctl runbook run'. An alert never approves: a gate waits for people to",
                    "answer with 'smctl runbook approve|reject RUN-ID GATE' from another shell, or expires. A resolved alert",
                    "cancels its run while it is queued or waiting at a gate. Ctrl-C or SIGTERM stops taking alerts, lets a",
                    "running step finish (up to --step-timeout), closes waiting gates and says where each run was left."},
            footer = {"", "Example (Alertmanager's webhook_config: url http://127.0.0.1:9095/alerts, credentials_file the same token):",
                    "  smctl alerts serve -n smctl-system --token-file /etc/alertmanager/secrets/smctl-token \\",
                    "      --groups approvers.yaml --db-url postgresql://app@db:5432/securemessenger --bucket sm-backups",
                    "  smctl runbook approve 3f2c... on-call --as bob --comment 'INC-42: restart approved'"})
    static final class Serve implements Callable<Integer> {
        static final String TOKEN_VARIABLE = "SMCTL_ALERTS_TOKEN";
        /** How often a waiting gate reads the audit log for answers: a person waits at most this long for the verdict. */
        private static final Duration ANSWER_POLL = Duration.ofSeconds(1);

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        StepOptions steps;

        @Option(names = "--config", paramLabel = "FILE", description = "Routing table (default: the one shipped with smctl).")
        Path config;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "File holding the bearer token Alertmanager sends (its credentials_file); default: $" + TOKEN_VARIABLE + ".")
        Path tokenFile;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "9095", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--audit-log", paramLabel = "FILE", defaultValue = "sm-out/audit.jsonl",
                description = "Hash-chained audit log of decisions, runs and answers (default: ${DEFAULT-VALUE}); 'smctl runbook approve' writes to the same.")
        Path auditLog;

        @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576", description = "Largest notification accepted (default: ${DEFAULT-VALUE}).")
        int maxBody;

        @Option(names = "--max-runs", paramLabel = "N", defaultValue = "2", description = "Runs at the same time (default: ${DEFAULT-VALUE}).")
        int maxRuns;

        @Option(names = "--max-queued", paramLabel = "N", defaultValue = "8",
                description = "Runs waiting for a free slot, in order (default: ${DEFAULT-VALUE}); past that the receiver answers 503 and Alertmanager retries.")
        int maxQueued;

        @Override
        public Integer call() {
            if (maxRuns < 1 || maxRuns > 16 || maxQueued < 0 || maxQueued > 256) {
                throw new InvalidRequest("--max-runs must be 1 to 16 and --max-queued 0 to 256, not %d and %d".formatted(maxRuns, maxQueued));
            }
            PrintWriter err = spec.commandLine().getErr();
            Routes routes = routes(config);
            Secret token = token();
            Config config = cluster.config();
            String namespace = cluster.namespace(config);
            Clock clock = Clock.systemUTC();
            AuditLog audit = new AuditLog(auditLog);
            try (KubernetesClient client = cluster.connect(config)) {
                DedupStore store = new CachingDedupStore(new LeaseDedupStore(client, namespace, clock), clock);
                StepActions actions = new StepActions(steps.environment(new Remediation(client, audit, Gate.NONE, Remediation.Settings.defaults())));
                RunbookScheduler scheduler = new RunbookScheduler(actions, new ApprovalGate(audit, steps.groups(), clock), audit, maxRuns, maxQueued,
                        ANSWER_POLL, clock, err);
                AlertDispatcher dispatcher = new AlertDispatcher(store, scheduler, routes.retention());
                AlertReceiver receiver = new AlertReceiver(token, new PayloadParser(maxBody), routes, dispatcher, audit, RunbookScheduler.VIA, clock);
                return serve(receiver, store, scheduler, namespace, err);
            }
        }

        private int serve(AlertReceiver receiver, DedupStore store, RunbookScheduler scheduler, String namespace, PrintWriter err) {
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "alert-record-sweeper");
                thread.setDaemon(true);
                return thread;
            });
            CountDownLatch stopped = new CountDownLatch(1);
            try (ReceiverServer server = ReceiverServer.start(receiver, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4)) {
                // Alerts first (no new run may start), then the runs: each stops at its next safe point.
                FutureTask<Void> shutdown = new FutureTask<>(() -> {
                    server.close();
                    scheduler.stop(steps.stepTimeout());
                    return null;
                });
                // Ctrl-C and SIGTERM end the JVM without unwinding this thread: the hook does the whole shutdown.
                Thread hook = new Thread(() -> {
                    shutdown.run();
                    stopped.countDown();
                }, "alerts-serve-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                sweeper.scheduleWithFixedDelay(() -> sweep(store, err), 1, 10, TimeUnit.MINUTES);
                err.printf("[alerts] listening on %s; alert records in namespace %s; audit log %s; up to %d runs at a time, %d queued%n",
                        server.url(), namespace, auditLog, maxRuns, maxQueued);
                err.flush();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    // Stopped by whoever runs us in-process (the tests): a normal end, like Ctrl-C.
                    removeHook(hook);
                    shutdown.run();
                    Thread.currentThread().interrupt();
                }
                err.printf("[alerts] stopped%n");
                err.flush();
            } finally {
                sweeper.shutdownNow();
            }
            return ExitCodes.OK;
        }

        private static void removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running
            }
        }

        private static void sweep(DedupStore store, PrintWriter err) {
            try {
                int deleted = store.sweep();
                if (deleted > 0) {
                    err.printf("[alerts] deleted %d expired alert records%n", deleted);
                    err.flush();
                }
            } catch (RuntimeException e) {
                err.printf("[alerts] could not delete expired alert records (%s); trying again in 10 minutes%n", Failures.describe(e));
                err.flush();
            }
        }

        /** Trimmed as Alertmanager trims its credentials_file, so both sides hold the same token. */
        private Secret token() {
            String value;
            if (tokenFile != null) {
                try {
                    value = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new InvalidRequest("cannot read the token file %s (%s)".formatted(Names.quote(tokenFile.toString()), e.getClass().getSimpleName()));
                }
            } else {
                value = System.getenv(TOKEN_VARIABLE);
            }
            if (value == null || value.length() < 16) {
                throw new InvalidRequest("a token of at least 16 characters is required: pass --token-file (the file Alertmanager's credentials_file names) or set "
                        + TOKEN_VARIABLE);
            }
            return Secret.of(value);
        }
    }
}
