package dev.smctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Secret;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
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
            description = {"Receive Alertmanager's webhook on a loopback port: the break-glass receiver for when Jenkins is down.",
                    "Every alert is routed, deduplicated in the cluster (Leases in -n NAMESPACE, shared with Jenkins' receiver)",
                    "and audited, with the alert as the actor. It starts no runbook yet: each remediation it would start is",
                    "printed and recorded, for the on-call engineer to run by hand. Stops on Ctrl-C."},
            footer = {"", "Example (Alertmanager's webhook_config: url http://127.0.0.1:9095/alerts, credentials_file the same token):",
                    "  smctl alerts serve -n smctl-system --token-file /etc/alertmanager/secrets/smctl-token"})
    static final class Serve implements Callable<Integer> {
        static final String TOKEN_VARIABLE = "SMCTL_ALERTS_TOKEN";

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--config", paramLabel = "FILE", description = "Routing table (default: the one shipped with smctl).")
        Path config;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "File holding the bearer token Alertmanager sends (its credentials_file); default: $" + TOKEN_VARIABLE + ".")
        Path tokenFile;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "9095", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--audit-log", paramLabel = "FILE", defaultValue = "sm-out/audit.jsonl", description = "Hash-chained audit log (default: ${DEFAULT-VALUE}).")
        Path auditLog;

        @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576", description = "Largest notification accepted (default: ${DEFAULT-VALUE}).")
        int maxBody;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Routes routes = routes(config);
            Secret token = token();
            Config config = cluster.config();
            String namespace = cluster.namespace(config);
            Clock clock = Clock.systemUTC();
            try (KubernetesClient client = cluster.connect(config)) {
                DedupStore store = new CachingDedupStore(new LeaseDedupStore(client, namespace, clock), clock);
                AlertDispatcher dispatcher = new AlertDispatcher(store, new LogOnlyScheduler(err), routes.retention());
                AlertReceiver receiver = new AlertReceiver(token, new PayloadParser(maxBody), routes, dispatcher, new AuditLog(auditLog),
                        "smctl alerts serve", clock);
                return serve(receiver, store, namespace, err);
            }
        }

        private int serve(AlertReceiver receiver, DedupStore store, String namespace, PrintWriter err) {
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "alert-record-sweeper");
                thread.setDaemon(true);
                return thread;
            });
            CountDownLatch stopped = new CountDownLatch(1);
            try (ReceiverServer server = ReceiverServer.start(receiver, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4)) {
                // Ctrl-C ends the JVM without unwinding this thread: let requests in flight finish their records.
                Thread hook = new Thread(() -> {
                    server.close();
                    stopped.countDown();
                }, "alerts-serve-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                sweeper.scheduleWithFixedDelay(() -> sweep(store, err), 1, 10, TimeUnit.MINUTES);
                err.printf("[alerts] listening on %s; alert records in namespace %s; audit log %s%n", server.url(), namespace, auditLog);
                err.printf("[alerts] no runbook executor is wired in yet: routed alerts are printed and recorded, not run%n");
                err.flush();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    // Stopped by whoever runs us in-process (the tests): a normal end, like Ctrl-C.
                    Thread.currentThread().interrupt();
                } finally {
                    removeHook(hook);
                }
                err.printf("[alerts] stopped%n");
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
