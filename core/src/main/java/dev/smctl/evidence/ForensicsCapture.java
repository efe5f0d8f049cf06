package dev.smctl.evidence;

import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.FailedSafely;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Target;
import dev.smctl.engine.Unavailable;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * P0-03 step 2, preserve evidence before anything changes: a dump of the database, the namespace's Kubernetes
 * objects and events, and the last 24 hours of the backend's pod logs, into a bundle with a SHA-256 manifest.
 * Reads only; Secret objects are never captured (their names are, in the objects that reference them) and
 * secret-named values in the objects are redacted.
 */
public final class ForensicsCapture implements Action<ForensicsCapture.CapturePlan> {
    private static final int LOG_SECONDS = 24 * 3600;

    public record CapturePlan(String summary, List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo)
            implements Plan {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> podSelector;
    private final DatabaseAccess database;
    private final Path directory;

    /**
     * @param client the cluster, or {@code null} to capture the database only
     * @param database the database to dump, or {@code null} to capture the cluster only
     */
    public ForensicsCapture(KubernetesClient client, String namespace, Map<String, String> podSelector, DatabaseAccess database, Path directory) {
        this.client = client;
        this.namespace = namespace;
        this.podSelector = Map.copyOf(podSelector);
        this.database = database;
        this.directory = directory;
    }

    @Override
    public String name() {
        return "forensics-capture";
    }

    @Override
    public Target target() {
        return new Target("namespace", namespace, namespace);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("database", database == null ? "" : database.toString());
        parameters.put("pods", podSelector.toString());
        parameters.put("to", directory.toString());
        return parameters;
    }

    @Override
    public CapturePlan plan() {
        List<Change> changes = new ArrayList<>();
        if (database != null) {
            changes.add(new Change("/evidence/database/" + database.database() + ".dump", null, "pg_dump -Fc of " + database));
        }
        if (client != null) {
            changes.add(new Change("/evidence/kubernetes", null, "objects and events of namespace " + namespace));
            changes.add(new Change("/evidence/logs", null, "last 24 h of logs of pods " + podSelector));
        }
        changes.add(new Change("/evidence/" + EvidenceBundle.MANIFEST, null, "SHA-256 of every file"));
        return new CapturePlan("capture evidence into " + directory, changes, Map.of(), Optional.empty(),
                "nothing to undo: evidence is only written to " + directory);
    }

    @Override
    public Map<String, Object> execute(CapturePlan plan, Progress progress) {
        try {
            EvidenceBundle bundle = new EvidenceBundle(directory, progress);
            if (database != null) {
                dumpDatabase(bundle);
            }
            if (client != null) {
                captureCluster(bundle, progress);
            }
            EvidenceManifest manifest = bundle.seal();
            progress.report("execute", "%d files, %d bytes, manifest %s".formatted(manifest.entries().size(), manifest.totalBytes(),
                    bundle.directory().resolve(EvidenceBundle.MANIFEST)));
            return Map.of("directory", manifest.directory(), "files", manifest.entries().size(), "bytes", manifest.totalBytes());
        } catch (IOException | Unavailable e) {
            throw new FailedSafely("the evidence capture into %s is incomplete (%s); nothing else was touched".formatted(directory, e.getMessage()));
        }
    }

    private void dumpDatabase(EvidenceBundle bundle) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("pg_dump", "--format=custom", "--host", database.host(), "--port",
                String.valueOf(database.port()), "--username", database.user(), database.database()))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(database.toolEnvironment());
        Process dump = builder.start();
        try (InputStream out = dump.getInputStream()) {
            bundle.add("database/" + database.database() + ".dump", out);
        }
        try {
            if (!dump.waitFor(30, TimeUnit.MINUTES) || dump.exitValue() != 0) {
                throw new Unavailable("pg_dump of %s failed (exit %d): the database evidence is incomplete".formatted(database, dump.exitValue()), null);
            }
        } catch (InterruptedException e) {
            dump.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dumping", e);
        }
    }

    private void captureCluster(EvidenceBundle bundle, Progress progress) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        Stream.of(client.apps().deployments().inNamespace(namespace).list().getItems(),
                client.apps().replicaSets().inNamespace(namespace).list().getItems(),
                client.apps().statefulSets().inNamespace(namespace).list().getItems(),
                client.pods().inNamespace(namespace).list().getItems(),
                client.services().inNamespace(namespace).list().getItems(),
                client.network().v1().ingresses().inNamespace(namespace).list().getItems(),
                client.batch().v1().jobs().inNamespace(namespace).list().getItems(),
                client.v1().events().inNamespace(namespace).list().getItems()).forEach(objects::addAll);
        for (HasMetadata object : objects) {
            // Secret-named values (a password in a plain env var) are redacted here as everywhere else.
            bundle.add("kubernetes/%s/%s.json".formatted(object.getKind().toLowerCase(java.util.Locale.ROOT), object.getMetadata().getName()),
                    Redaction.tree(Serialization.jsonMapper().valueToTree(object)).toPrettyString());
        }
        for (Pod pod : client.pods().inNamespace(namespace).withLabels(podSelector).list().getItems()) {
            String log;
            try {
                log = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).sinceSeconds(LOG_SECONDS).getLog();
            } catch (KubernetesClientException e) {
                log = "(log unavailable: HTTP %d %s)".formatted(e.getCode(), e.getMessage());
            }
            bundle.add("logs/%s.log".formatted(pod.getMetadata().getName()), log == null ? "" : log);
        }
        progress.report("execute", "captured %d objects of namespace %s and the logs of pods %s".formatted(objects.size(), namespace, podSelector));
    }

    @Override
    public Verification verify(CapturePlan plan, Progress progress) {
        try {
            EvidenceVerifier.Result result = EvidenceVerifier.verify(directory);
            return result.intact()
                    ? Verification.passed("evidence bundle %s verifies: %d files".formatted(directory, result.files()), Map.of("files", result.files()))
                    : Verification.failed("evidence bundle %s does not verify: %s".formatted(directory, result.problems()), Map.of("problems", result.problems()));
        } catch (IOException e) {
            throw new Unavailable("cannot re-read the evidence in %s: %s".formatted(directory, e.getMessage()), e);
        }
    }
}
