package dev.smctl.k8s;

import dev.smctl.SandboxCase;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.sandbox.ImageHealth;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingress annotation, maintenance mode and the manual backup job. */
class ServiceActionsTest extends SandboxCase {
    static final Target INGRESS = new Target("ingress", NS, "secure-messenger");
    static final Target SERVICE = new Target("service", NS, "backend");
    static final Target CRONJOB = new Target("cronjob", NS, "postgres-backup");
    static final String READ_TIMEOUT = "nginx.ingress.kubernetes.io/proxy-read-timeout";

    ActionResult annotate(String key, String value) {
        return engine().annotateIngress(new IngressAnnotate.Request(INGRESS, key, value), asAlice(false), progress());
    }

    @Test
    void setsTheIngressTimeoutAndRecordsTheValueItReplaced() {
        ActionResult result = annotate(READ_TIMEOUT, "3600");

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.before()).containsEntry("value", "60");
        assertThat(result.undo()).isEqualTo("smctl ingress annotate secure-messenger -n production " + READ_TIMEOUT + "=60");
        assertThat(client.network().v1().ingresses().inNamespace(NS).withName("secure-messenger").get().getMetadata().getAnnotations())
                .containsEntry(READ_TIMEOUT, "3600");
        assertThat(annotate(READ_TIMEOUT, "3600").status()).isEqualTo(Status.SKIPPED);
        assertThat(annotate(READ_TIMEOUT, "60").status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void removesTheOnlyAnnotationOfAnIngressThenSetsItAgain() {
        ActionResult removed = annotate(READ_TIMEOUT, null);
        Map<String, String> left = client.network().v1().ingresses().inNamespace(NS).withName("secure-messenger").get().getMetadata().getAnnotations();
        ActionResult set = annotate(READ_TIMEOUT, "60");

        assertThat(removed.status()).as(removed.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(removed.undo()).isEqualTo("smctl ingress annotate secure-messenger -n production " + READ_TIMEOUT + "=60");
        assertThat(left == null ? Map.of() : left).as("the sandbox's Ingress had only this annotation").isEmpty();
        assertThat(set.status()).as(set.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(set.before()).containsEntry("value", null);
    }

    @Test
    void rejectsAnnotationsOutsideTheAllowlistAndBadValues() {
        assertThatThrownBy(() -> new IngressAnnotate.Request(INGRESS, "nginx.ingress.kubernetes.io/configuration-snippet", "x"))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("not in the allowlist");
        assertThatThrownBy(() -> new IngressAnnotate.Request(INGRESS, READ_TIMEOUT, "1h"))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("whole seconds");
    }

    @Test
    void maintenanceOnThenOffLeavesTheServiceAsItWas() {
        sandbox.startControllers(TICK);
        String before = comparable(SERVICE);

        ActionResult on = engine().maintenance(SERVICE, true, Duration.ofSeconds(15), asAlice(false), progress());
        assertThat(on.status()).as(on.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(client.services().inNamespace(NS).withName("backend").get().getSpec().getSelector())
                .containsExactlyEntriesOf(java.util.Map.of("component", "maintenance"));
        assertThat(engine().maintenance(SERVICE, true, Duration.ofSeconds(15), asAlice(false), progress()).status()).isEqualTo(Status.SKIPPED);

        ActionResult off = engine().maintenance(SERVICE, false, Duration.ofSeconds(15), asAlice(false), progress());
        assertThat(off.status()).as(off.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(comparable(SERVICE)).isEqualTo(before);
        assertThat(client.apps().deployments().inNamespace(NS).withName("maintenance").get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName("maintenance-page").get()).isNull();
    }

    /**
     * The Service without its resourceVersion and generation: the mock server bumps generation on every spec
     * change (a real API server does not for Services), so only those two may differ.
     */
    private String comparable(Target service) {
        var live = client.services().inNamespace(NS).withName(service.name()).get();
        live.getMetadata().setResourceVersion(null);
        live.getMetadata().setGeneration(null);
        return Serialization.asJson(live);
    }

    @Test
    void createsTheBackupJobAsKubectlCreateJobFromCronJobDoes() {
        sandbox.startControllers(TICK);
        CronJob cronJob = client.batch().v1().cronjobs().inNamespace(NS).withName("postgres-backup").get();

        ActionResult result = engine().backupJob(CRONJOB, "postgres-backup-manual-1", Duration.ofSeconds(15), 20, asAlice(false), progress());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        Job job = client.batch().v1().jobs().inNamespace(NS).withName("postgres-backup-manual-1").get();
        assertThat(job.getMetadata().getAnnotations()).containsEntry("cronjob.kubernetes.io/instantiate", "manual");
        assertThat(job.getMetadata().getLabels()).isEqualTo(cronJob.getSpec().getJobTemplate().getMetadata().getLabels());
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("CronJob");
            assertThat(owner.getUid()).isEqualTo(cronJob.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getBlockOwnerDeletion()).isNull();
        });
        assertThat(Serialization.asJson(job.getSpec().getTemplate())).isEqualTo(Serialization.asJson(cronJob.getSpec().getJobTemplate().getSpec().getTemplate()));
        assertThat(result.message()).contains("job postgres-backup-manual-1 completed").contains("backup complete");
        @SuppressWarnings("unchecked")
        List<String> logs = (List<String>) result.after().get("logs");
        assertThat(logs).anyMatch(line -> line.contains("pg_dump"));
    }

    @Test
    void reportsAFailedBackupJobWithItsLogs() {
        sandbox.images().breakImage("postgres:15", ImageHealth.Failure.CRASH_LOOP);
        sandbox.startControllers(TICK);

        ActionResult result = engine().backupJob(CRONJOB, null, Duration.ofSeconds(15), 20, asAlice(false), progress());

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("failed").contains("the backup is NOT taken").contains("Process exiting with code 1");
    }

    @Test
    void namesManualJobsSoTheyFitALabelValue() {
        String name = BackupJob.defaultName("a-very-long-cronjob-name-that-goes-on-and-on-and-on-forever", java.time.Instant.EPOCH);
        assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-manual-19700101-000000");
    }

    @Test
    void everyDryRunLeavesTheClusterExactlyAsItWas() {
        var before = clusterState();
        var dryRun = asAlice(true);
        var engine = engine();

        List<ActionResult> results = List.of(
                engine.rollback(new RollbackRequest(Target.deployment(NS, Platform.BACKEND)), dryRun, progress()),
                engine.scale(new Scale.Request(Target.deployment(NS, Platform.BACKEND), 0, false, 20, Duration.ofSeconds(1)), dryRun, progress()),
                engine.blueGreenSwitch(new BlueGreenSwitch.Request(SERVICE, "green", null, null, Duration.ofSeconds(1), null, "color",
                        BlueGreenSwitch.Request.BLUE_GREEN), dryRun, progress()),
                engine.restart(Target.deployment(NS, Platform.BACKEND), Duration.ofSeconds(1), dryRun, progress()),
                engine.deletePod(new Target("pod", NS, "postgres-0"), Duration.ofSeconds(1), dryRun, progress()),
                engine.annotateIngress(new IngressAnnotate.Request(INGRESS, READ_TIMEOUT, "3600"), dryRun, progress()),
                engine.maintenance(SERVICE, true, Duration.ofSeconds(1), dryRun, progress()),
                engine.backupJob(CRONJOB, null, Duration.ofSeconds(1), 20, dryRun, progress()));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).as(r.action() + ": " + r.message()).isEqualTo(Status.SUCCEEDED);
            assertThat(r.message()).startsWith("dry run: would");
            assertThat(r.changes()).isNotEmpty();
        });
        assertThat(clusterState()).isEqualTo(before);
    }
}
