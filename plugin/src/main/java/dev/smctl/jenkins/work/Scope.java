package dev.smctl.jenkins.work;

import dev.smctl.Remediation;
import dev.smctl.cache.RedisAccess;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Recorder;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.k8s.ClusterAccess;
import dev.smctl.storage.BackupSink;
import dev.smctl.storage.BackupStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a {@link StepCall} runs with: the engine, the namespace, who asks, the build log, the database and backup
 * store, the workspace. The cluster client is made on first use from the kubeconfig credentials (else the
 * in-cluster service account) and closed with the scope; approval happened before the step (an {@code input}
 * gate in the Pipeline), so the engine's gate lets the plan through.
 */
public final class Scope implements AutoCloseable {
    private final StepSettings settings;
    private final Recorder recorder;
    private final MaskedLog log;
    private final Remediation.Settings timing;
    private final Path workspace;
    private KubeconfigFile kubeconfigFile;
    private Config config;
    private KubernetesClient client;
    private S3Client s3;

    /** @param workspace the build's workspace on this machine, or {@code null} outside {@code node {}} */
    public Scope(StepSettings settings, Recorder recorder, MaskedLog log, Remediation.Settings timing, Path workspace) {
        this.settings = settings;
        this.recorder = recorder;
        this.log = log;
        this.timing = timing;
        this.workspace = workspace;
    }

    /** The engine on the cluster. */
    public Remediation engine() {
        return new Remediation(client(), recorder, Gate.NONE, timing);
    }

    /** The engine without a cluster, for database actions (they lock on the database server). */
    public Remediation databaseEngine() {
        return new Remediation(null, recorder, Gate.NONE, timing);
    }

    public KubernetesClient client() {
        if (client == null) {
            client = ClusterAccess.connect(config());
        }
        return client;
    }

    /** The namespace given or configured, else the kubeconfig context's, else {@code default} (as kubectl). */
    public String namespace() {
        return settings.namespace() != null ? settings.namespace() : ClusterAccess.defaultNamespace(config());
    }

    /**
     * For steps that do not talk to the cluster (database, health), the namespace their records name: given or
     * configured, else {@code default}; never asks the cluster.
     */
    public String recordNamespace() {
        return settings.namespace() != null ? settings.namespace() : "default";
    }

    private Config config() {
        if (config == null) {
            if (settings.kubeconfig() != null) {
                kubeconfigFile = new KubeconfigFile(settings.kubeconfig());
            }
            config = new ClusterAccess(kubeconfigFile == null ? null : kubeconfigFile.path(), null).config();
        }
        return config;
    }

    public Invocation invocation() {
        return settings.invocation();
    }

    public Progress progress() {
        return log.progress();
    }

    /** @param database the step's {@code database} argument, or {@code null} for the one the URL names */
    public DatabaseAccess database(String database) {
        if (settings.database() == null) {
            throw new InvalidRequest(settings.function() + " needs a database: pass databaseUrl (and databaseCredentialsId), or set them in Manage Jenkins » System » smctl");
        }
        return settings.database().access(database);
    }

    public boolean hasDatabase() {
        return settings.database() != null;
    }

    /** The backup store; its S3 client is the step's one, shared with {@link #backupSink()} and closed with the scope. */
    public BackupStore backupStore() {
        return backups().store(s3());
    }

    public BackupSink backupSink() {
        return backups().sink(s3());
    }

    private BackupLocation backups() {
        if (settings.backups() == null) {
            throw new InvalidRequest(settings.function() + " needs the backup store: pass s3Bucket (and s3CredentialsId), or set them in Manage Jenkins » System » smctl");
        }
        return settings.backups();
    }

    private S3Client s3() {
        if (s3 == null) {
            s3 = backups().client();
        }
        return s3;
    }

    /** The Redis database the step was given or the configuration names (the one a flush may touch). */
    public RedisAccess cache() {
        if (settings.cache() == null) {
            throw new InvalidRequest(settings.function() + " needs the cache: pass redis (HOST:PORT[/DB]) and redisCredentialsId, or set them in Manage Jenkins » System » smctl");
        }
        return settings.cache().access();
    }

    public Path workspace() {
        if (workspace == null) {
            throw new IllegalStateException(settings.function() + " runs inside node {}: its descriptor requires a workspace");
        }
        return workspace;
    }

    /**
     * Records a read-only look (a diagnosis, a query) in the build's audit trail like any action, so that the
     * trail holds every step; nothing was locked or changed.
     */
    public StepOutcome looked(String action, Target target, Instant started, Status status, String message, Map<String, Object> found,
                              Map<String, String> parameters) {
        ActionResult result = new ActionResult(UUID.randomUUID().toString(), action, target, status, false, settings.dryRun(),
                message, "read " + target + " (changes nothing)", List.of(), Map.of(), found, "", null, started,
                Duration.between(started, Instant.now()));
        log.progress().report("record", "%s %s: %s".formatted(action, result.status().label(), message));
        return StepOutcome.of(result.withAuditRecordId(recorder.record(result, invocation(), parameters)), found);
    }

    @Override
    public void close() {
        try (S3Client closingS3 = s3; KubeconfigFile closingFile = kubeconfigFile) {
            if (client != null) {
                client.close();
            }
        }
    }
}
