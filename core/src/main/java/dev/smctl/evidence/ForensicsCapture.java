package dev.smctl.evidence;

import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.PgDump;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.FailedSafely;
import dev.smctl.engine.Failures;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Target;
import dev.smctl.engine.Unavailable;
import dev.smctl.engine.Verification;
import dev.smctl.storage.Transfer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * P0-03 step 2, preserve evidence before anything changes: a dump of the database, the namespace's Kubernetes
 * objects and events, and the last 24 hours of the backend's pod logs, into a bundle with a SHA-256 manifest,
 * kept locally and, when asked, copied to S3 (and to a write-once prefix). Reads only; Secret objects are never
 * captured (their names are, in the objects that reference them) and secret-named values in the objects are
 * redacted.
 */
public final class ForensicsCapture implements Action<ForensicsCapture.CapturePlan> {
    /** The audit record's SHA-256 of the bundle's manifest, and its files with size and SHA-256 ({@code after}). */
    public static final String MANIFEST_SHA256 = "manifestSha256";
    public static final String ENTRIES = "entries";
    private static final int LOG_SECONDS = 24 * 3600;

    public record CapturePlan(String summary, List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo)
            implements Plan {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> podSelector;
    private final DatabaseAccess database;
    private final Path directory;
    private final EvidenceCopy copy;
    private final Clock clock;

    /**
     * @param client the cluster, or {@code null} to capture the database only
     * @param database the database to dump, or {@code null} to capture the cluster only
     * @param copy the S3 copies to make once the bundle is sealed, or {@code null} to keep it locally only
     */
    public ForensicsCapture(KubernetesClient client, String namespace, Map<String, String> podSelector, DatabaseAccess database, Path directory,
                            EvidenceCopy copy, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.podSelector = Map.copyOf(podSelector);
        this.database = database;
        this.directory = directory.toAbsolutePath().normalize();
        this.copy = copy;
        this.clock = clock;
    }

    /** The bundle's name, which its S3 copies are stored under. */
    private String bundleName() {
        return directory.getFileName().toString();
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
        if (copy != null) {
            changes.addAll(copy.plan(bundleName()));
        }
        return new CapturePlan("capture evidence into " + directory + (copy == null ? "" : " and copy it to S3"), changes, Map.of(),
                Optional.empty(), "nothing to undo: evidence is only written to " + directory + (copy == null ? "" : " and S3"));
    }

    @Override
    public Map<String, Object> execute(CapturePlan plan, Progress progress) {
        EvidenceManifest manifest;
        try {
            EvidenceBundle bundle = new EvidenceBundle(directory);
            if (database != null) {
                dumpDatabase(bundle, progress);
            }
            if (client != null) {
                captureCluster(bundle, progress);
            }
            manifest = bundle.seal();
            progress.report("execute", "%d files, %s, manifest %s".formatted(manifest.entries().size(), Transfer.bytes(manifest.totalBytes()),
                    bundle.directory().resolve(EvidenceBundle.MANIFEST)));
        } catch (IOException | Unavailable e) {
            throw new FailedSafely("the evidence capture into %s is incomplete (%s); nothing else was touched".formatted(directory, Failures.describe(e)));
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("directory", manifest.directory());
        after.put("files", manifest.entries().size());
        after.put("bytes", manifest.totalBytes());
        after.put(MANIFEST_SHA256, manifest.sha256());
        after.put(ENTRIES, manifest.entries().stream().map(e -> Map.of("path", e.path(), "size", e.size(), "sha256", e.sha256())).toList());
        if (copy != null) {
            try {
                after.putAll(copy.upload(bundleName(), directory, manifest, clock.instant(), progress));
            } catch (IOException | SdkException e) {
                throw new FailedSafely("the evidence is complete in %s, but its copy to S3 failed (%s); copy the directory by hand once S3 answers"
                        .formatted(directory, reason(e)));
            }
        }
        return after;
    }

    private void dumpDatabase(EvidenceBundle bundle, Progress progress) throws IOException {
        String file = "database/" + database.database() + ".dump";
        try (PgDump dump = PgDump.start(database, Duration.ofMinutes(30))) {
            Transfer.Meter meter = dump.meter(progress, "capturing " + file);
            bundle.add(file, dump.output(), meter);
            meter.finish();
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

    /** Every copy is read back against the manifest; a write-once copy must also show its retention. */
    @Override
    public Verification verify(CapturePlan plan, Progress progress) {
        try {
            EvidenceVerifier.Result local = EvidenceVerifier.verify(new DirectoryBundle(directory), progress);
            List<String> problems = new ArrayList<>();
            local.problems().forEach(p -> problems.add(directory + ": " + p));
            if (copy != null) {
                problems.addAll(copy.verify(bundleName(), progress));
            }
            String where = directory + (copy == null ? "" : " and its S3 copies");
            if (!problems.isEmpty()) {
                return Verification.failed("evidence in %s does not all verify: %s".formatted(where, String.join("; ", problems)), Map.of("problems", problems));
            }
            String writeOnce = copy == null || copy.writeOnceSummary().isEmpty() ? "" : "; " + copy.writeOnceSummary();
            return Verification.passed("evidence in %s verifies: %d files%s".formatted(where, local.files(), writeOnce), Map.of("files", local.files()));
        } catch (IOException | SdkException e) {
            throw new Unavailable("cannot re-read the evidence in %s: %s".formatted(directory, reason(e)), e);
        }
    }

    /** The SDK's own message names the S3 request that failed; the engine's generic one would blame the cluster. */
    private static String reason(Exception e) {
        return e instanceof SdkException ? e.getMessage() : Failures.describe(e);
    }
}
