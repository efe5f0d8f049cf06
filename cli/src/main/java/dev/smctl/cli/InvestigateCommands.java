package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.cache.RedisAccess;
import dev.smctl.cache.RedisProbe;
import dev.smctl.db.PostgresProbe;
import dev.smctl.diagnostics.DependencyProbe;
import dev.smctl.diagnostics.Diagnosis;
import dev.smctl.diagnostics.PodState;
import dev.smctl.diagnostics.PodUsage;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Target;
import dev.smctl.storage.S3Clients;
import dev.smctl.storage.S3Probe;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** The read-only commands of an investigation: no lock, no audit record, nothing changed. */
final class InvestigateCommands {
    private InvestigateCommands() {
    }

    /** Runs {@code read} against the cluster and prints its answer. */
    abstract static class ReadOnly<T> implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
        OutputFormat output;

        abstract T read(Remediation remediation, String namespace);

        abstract void printText(T answer, PrintWriter out);

        @Override
        public Integer call() {
            Config config = cluster.config();
            String namespace = cluster.namespace(config);
            try (KubernetesClient client = cluster.connect(config)) {
                // No recorder is written to: these commands never reach the runner.
                T answer = read(new Remediation(client, null, Gate.NONE, Remediation.Settings.defaults()), namespace);
                PrintWriter out = spec.commandLine().getOut();
                if (output == OutputFormat.JSON) {
                    out.println(ResultPrinter.mapper().valueToTree(answer).toString());
                } else {
                    printText(answer, out);
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "diagnose",
            description = {"The P0-01 investigation of a Deployment: pod states (CrashLoopBackOff, ImagePullBackOff, OOMKilled, ...),",
                    "the last log lines with the runbook's patterns flagged, ERROR lines grouped by type, and what it points to.",
                    "Read-only."},
            footer = {"", "Example:", "  smctl diagnose backend -n production --lines 100"})
    static final class Diagnose extends ReadOnly<Diagnosis> {
        @Parameters(paramLabel = "DEPLOYMENT", defaultValue = "backend", description = "The Deployment (default: ${DEFAULT-VALUE}).")
        String deployment;

        @Option(names = "--lines", paramLabel = "N", defaultValue = "100", description = "Log lines per pod (default: ${DEFAULT-VALUE}).")
        int lines;

        @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
                description = "Check PostgreSQL with SELECT 1, e.g. jdbc:postgresql://postgres:5432/securemessenger; password from $PGPASSWORD.")
        String postgresUrl;

        @Option(names = "--postgres-user", paramLabel = "USER", defaultValue = "${env:PGUSER:-postgres}", description = "Database user (default: $PGUSER or postgres).")
        String postgresUser;

        @Option(names = "--redis", paramLabel = "HOST:PORT[/DB]", description = "Check Redis with PING; password from $REDISCLI_AUTH.")
        String redis;

        @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "Check that the bucket can be listed (AWS credential chain).")
        String s3Bucket;

        @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "eu-west-1", description = "Bucket region (default: ${DEFAULT-VALUE}).")
        String s3Region;

        @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint instead of AWS.")
        URI s3Endpoint;

        @Override
        Diagnosis read(Remediation remediation, String namespace) {
            Duration timeout = Duration.ofSeconds(5);
            List<DependencyProbe> probes = new ArrayList<>();
            if (postgresUrl != null) {
                probes.add(new PostgresProbe(postgresUrl, postgresUser, Secret.of(System.getenv("PGPASSWORD")), timeout));
            }
            if (redis != null) {
                probes.add(new RedisProbe(RedisAccess.parse(redis, Secret.of(System.getenv("REDISCLI_AUTH")), timeout)));
            }
            if (s3Bucket != null) {
                probes.add(new S3Probe(S3Clients.create(s3Region, s3Endpoint, null, timeout), s3Bucket));
            }
            return remediation.diagnose(Target.deployment(namespace, deployment), lines, probes);
        }

        @Override
        void printText(Diagnosis diagnosis, PrintWriter out) {
            out.printf("%s: %s%n", diagnosis.target(), diagnosis.states());
            out.printf("%-34s %-17s %-5s %-8s %s%n", "POD", "STATE", "READY", "RESTARTS", "LAST TERMINATION");
            for (PodState pod : diagnosis.pods()) {
                out.printf("%-34s %-17s %-5s %-8d %s%n", pod.pod(), pod.state(), pod.ready() ? "yes" : "no", pod.restarts(), pod.lastTermination());
            }
            section(out, "Flagged log lines", diagnosis.flagged(), f -> "%s %s: %s".formatted(f.flags(), f.pod(), f.line()));
            section(out, "Errors by type", diagnosis.errors(), e -> "%5d  %s".formatted(e.count(), e.type()));
            section(out, "Dependencies", diagnosis.dependencies(), d -> "%-10s %-4s %s (%s, %d ms)".formatted(d.name(), d.ok() ? "ok" : "FAIL",
                    d.message(), d.endpoint(), d.millis()));
            section(out, "Findings", diagnosis.findings(), f -> "- " + f);
        }
    }

    @Command(name = "top", description = "CPU and memory per pod from the metrics API, heaviest first (P1-01). Read-only.",
            footer = {"", "Example:", "  smctl top -n production --sort-by cpu"})
    static final class Top extends ReadOnly<List<PodUsage>> {
        @Option(names = "--sort-by", paramLabel = "memory|cpu", defaultValue = "memory", description = "Order (default: ${DEFAULT-VALUE}).")
        PodUsage.Order order;

        @Override
        List<PodUsage> read(Remediation remediation, String namespace) {
            return remediation.top(namespace, order);
        }

        @Override
        void printText(List<PodUsage> usage, PrintWriter out) {
            out.printf("%-40s %10s %12s%n", "POD", "CPU(cores)", "MEMORY(bytes)");
            usage.forEach(u -> out.printf("%-40s %9dm %11dMi%n", u.pod(), u.cpuMillicores(), u.memoryMebibytes()));
        }
    }

    private static <T> void section(PrintWriter out, String title, List<T> items, Function<T, String> line) {
        if (items.isEmpty()) {
            return;
        }
        out.printf("%n%s:%n", title);
        items.forEach(item -> out.println("  " + line.apply(item)));
    }

}
