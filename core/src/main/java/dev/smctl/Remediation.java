package dev.smctl;

import dev.smctl.engine.ActionResult;
import dev.smctl.engine.ActionRunner;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Recorder;
import dev.smctl.engine.TargetLock;
import dev.smctl.evidence.EvidenceCopy;
import dev.smctl.evidence.ForensicsCapture;
import dev.smctl.engine.Target;
import dev.smctl.db.AdvisoryLock;
import dev.smctl.db.BackupNow;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.KillQueries;
import dev.smctl.db.ReadOnlyMode;
import dev.smctl.db.RevokeSessions;
import dev.smctl.db.ForceTwoFactor;
import dev.smctl.cache.CacheStats;
import dev.smctl.cache.FlushCache;
import dev.smctl.cache.RedisAccess;
import dev.smctl.secrets.SecretRotation;
import dev.smctl.db.SafeRestore;
import dev.smctl.diagnostics.DependencyProbe;
import dev.smctl.diagnostics.Diagnosis;
import dev.smctl.diagnostics.PodUsage;
import dev.smctl.k8s.BackupJob;
import dev.smctl.storage.BackupSink;
import dev.smctl.storage.BackupStore;
import dev.smctl.k8s.BlueGreenSwitch;
import dev.smctl.k8s.IngressAnnotate;
import dev.smctl.k8s.Maintenance;
import dev.smctl.k8s.PodDelete;
import dev.smctl.k8s.Restart;
import dev.smctl.k8s.Scale;
import dev.smctl.health.HealthCheck;
import dev.smctl.k8s.LeaseLock;
import dev.smctl.k8s.Rollback;
import dev.smctl.k8s.RollbackRequest;
import dev.smctl.k8s.RolloutWait;
import dev.smctl.engine.Waiter;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.net.http.HttpClient;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's front door: one method per action, each run through the same {@link ActionRunner} (lock,
 * plan, gate, execute, verify, record). The command line, the Pipeline steps and the alert receiver all call
 * this, so they cannot behave differently.
 */
public final class Remediation {
    /**
     * Timing knobs; tests shorten them.
     *
     * @param pollInterval how often waits re-read the cluster or re-probe health
     * @param leaseTtl how long a lock outlives a holder that died
     */
    public record Settings(Duration pollInterval, Duration leaseTtl, Clock clock) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(60), Clock.systemUTC());
        }
    }

    private final KubernetesClient client;
    private final Recorder recorder;
    private final Gate gate;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public Remediation(KubernetesClient client, Recorder recorder, Gate gate, Settings settings) {
        this.client = client;
        this.recorder = recorder;
        this.gate = gate;
        this.settings = settings;
    }

    public ActionResult rollback(RollbackRequest request, Invocation invocation, Progress progress) {
        Rollback rollback = new Rollback(client, request, invocation,
                new RolloutWait(client, waiter()),
                healthCheck(), settings.clock());
        return runner(progress).run(rollback, invocation);
    }

    public ActionResult scale(Scale.Request request, Invocation invocation, Progress progress) {
        return runner(progress).run(new Scale(client, request, waiter()), invocation);
    }

    public ActionResult blueGreenSwitch(BlueGreenSwitch.Request request, Invocation invocation, Progress progress) {
        return runner(progress).run(new BlueGreenSwitch(client, request, healthCheck(), waiter()), invocation);
    }

    public ActionResult restart(Target deployment, Duration timeout, Invocation invocation, Progress progress) {
        return runner(progress).run(new Restart(client, deployment, timeout, new RolloutWait(client, waiter()), settings.clock().instant()),
                invocation);
    }

    public ActionResult deletePod(Target pod, Duration timeout, Invocation invocation, Progress progress) {
        return runner(progress).run(new PodDelete(client, pod, timeout, waiter()), invocation);
    }

    public ActionResult annotateIngress(IngressAnnotate.Request request, Invocation invocation, Progress progress) {
        return runner(progress).run(new IngressAnnotate(client, request), invocation);
    }

    public ActionResult maintenance(Target service, boolean on, Duration timeout, Invocation invocation, Progress progress) {
        return runner(progress).run(new Maintenance(client, service, on, timeout, waiter()), invocation);
    }

    /** @param jobName the Job's name, or {@code null} for {@code <cronjob>-manual-<time>} */
    public ActionResult backupJob(Target cronJob, String jobName, Duration timeout, int logLines, Invocation invocation, Progress progress) {
        return runner(progress).run(new BackupJob(client, cronJob, jobName, timeout, logLines, waiter(), settings.clock().instant()),
                invocation);
    }

    public ActionResult readOnly(DatabaseAccess database, String namespace, boolean on, Invocation invocation, Progress progress) {
        return databaseRunner(database, progress).run(new ReadOnlyMode(database, namespace, on), invocation);
    }

    public ActionResult killQueries(DatabaseAccess database, String namespace, Duration olderThan, Set<String> protectedRoles,
                                    Invocation invocation, Progress progress) {
        return databaseRunner(database, progress).run(new KillQueries(database, namespace, olderThan, protectedRoles, waiter()), invocation);
    }

    public ActionResult restore(SafeRestore.Request request, Invocation invocation, Progress progress) {
        return databaseRunner(request.database(), progress).run(new SafeRestore(request, settings.clock()), invocation);
    }

    public ActionResult backupNow(DatabaseAccess database, String namespace, BackupStore catalogue, BackupSink sink, Duration timeout,
                                  Invocation invocation, Progress progress) {
        return databaseRunner(database, progress).run(new BackupNow(database, namespace, catalogue, sink, timeout, settings.clock()), invocation);
    }

    /**
     * Evidence capture reads only, so it takes no lock; it is planned, recorded and verified like any action.
     *
     * @param database the database to dump, or {@code null}
     */
    public ActionResult captureForensics(String namespace, Map<String, String> podSelector, DatabaseAccess database, Path directory,
                                         Invocation invocation, Progress progress) {
        return captureForensics(namespace, podSelector, database, directory, null, invocation, progress);
    }

    /** @param copy where the sealed bundle is copied in S3 (and write-once), or {@code null} to keep it locally only */
    public ActionResult captureForensics(String namespace, Map<String, String> podSelector, DatabaseAccess database, Path directory,
                                         EvidenceCopy copy, Invocation invocation, Progress progress) {
        return new ActionRunner(TargetLock.NONE, recorder, gate, progress)
                .run(new ForensicsCapture(client, namespace, podSelector, database, directory, copy, settings.clock()), invocation);
    }

    /** P0-03: deletes every row of the session tables (by default {@link RevokeSessions#DEFAULT_TABLES}). */
    public ActionResult revokeSessions(DatabaseAccess database, String namespace, List<String> tables, Invocation invocation, Progress progress) {
        return databaseRunner(database, progress).run(new RevokeSessions(database, namespace, tables), invocation);
    }

    /** P0-03: {@code UPDATE users SET force_2fa = true}. */
    public ActionResult forceTwoFactor(DatabaseAccess database, String namespace, Invocation invocation, Progress progress) {
        return databaseRunner(database, progress).run(new ForceTwoFactor(database, namespace), invocation);
    }

    /** P0-03: new values into one Secret (and the role's password for db-password), then its readers restarted. Locks the Secret. */
    public ActionResult rotateSecret(SecretRotation.Request request, Invocation invocation, Progress progress) {
        return runner(progress).run(new SecretRotation(client, request, new RolloutWait(client, waiter()), settings.clock().instant()), invocation);
    }

    /** P1-01: FLUSHDB of the one database index configured as the cache; locked by a Lease named after the Redis host. */
    public ActionResult flushCache(RedisAccess redis, String namespace, int allowedDatabase, Invocation invocation, Progress progress) {
        return runner(progress).run(new FlushCache(redis, namespace, allowedDatabase), invocation);
    }

    /** Read-only: no lock, no record. */
    public static CacheStats cacheStats(RedisAccess redis) {
        return CacheStats.of(redis);
    }

    /** Database actions lock where the database lives: an advisory lock on its server. */
    private ActionRunner databaseRunner(DatabaseAccess database, Progress progress) {
        return new ActionRunner(new AdvisoryLock(database.on("postgres")), recorder, gate, progress);
    }

    /** Read-only: no lock, no record. */
    public Diagnosis diagnose(Target deployment, int logLines, List<DependencyProbe> dependencies) {
        return Diagnosis.of(client, deployment, logLines, dependencies);
    }

    /** Read-only: no lock, no record. */
    public List<PodUsage> top(String namespace, PodUsage.Order order) {
        return PodUsage.of(client, namespace, order);
    }

    /** Read-only: no lock, no record; passes once the endpoint answers 2xx, or fails at the timeout. */
    public dev.smctl.engine.Verification probeHealth(java.net.URI url, Duration timeout, Progress progress) {
        return healthCheck().probe(url, settings.clock().instant().plus(timeout), progress);
    }

    private HealthCheck healthCheck() {
        return new HealthCheck(http, waiter());
    }

    private Waiter waiter() {
        return new Waiter(settings.pollInterval(), settings.clock());
    }

    private ActionRunner runner(Progress progress) {
        return new ActionRunner(new LeaseLock(client, settings.leaseTtl(), settings.clock()), recorder, gate, progress);
    }
}
