package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.SandboxCase;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.sandbox.ImageHealth;
import dev.smctl.sandbox.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes steps' work, bound from step arguments, run through the same path a Jenkins build takes
 * (StepLaunch: defaults, credentials, engine, masking, the build's audit log), against the sandbox cluster.
 */
class ClusterStepsTest extends SandboxCase {
    static final String TOKEN_CANARY = "canary-kube-token-5d1e9a";
    static final String KUBECONFIG_ID = "sandbox-kubeconfig";

    BuildUnderTest build;

    @BeforeEach
    void build() throws IOException {
        build = new BuildUnderTest(dir.resolve("build"));
        String kubeconfig = Files.readString(sandbox.kubeconfig()).replace("sandbox-token-not-a-secret", TOKEN_CANARY);
        assertThat(kubeconfig).as("the canary must be in the kubeconfig for the masking checks to mean anything").contains(TOKEN_CANARY);
        build.credentials.kubeconfig(KUBECONFIG_ID, kubeconfig);
    }

    StepOutcome run(StepCall call, boolean dryRun) {
        return build.launch().onController("smTest", BuildUnderTest.inNamespace(NS, KUBECONFIG_ID, dryRun), call);
    }

    Integer backendReplicas() {
        return client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).get().getSpec().getReplicas();
    }

    @Test
    void scaleToZeroThenRestorePreviousChangesTheClusterAndReturnsTheContractMap() throws IOException {
        sandbox.startControllers(TICK);

        StepOutcome down = run(new ClusterCalls.ScaleWorkload("deployment/backend", "0", null, "15s"), false);
        StepOutcome back = run(new ClusterCalls.ScaleWorkload("deployment/backend", null, "true", "15s"), false);

        assertThat(down.values()).containsEntry("status", "succeeded").containsEntry("exitCode", 0)
                .containsEntry("action", "scale").containsEntry("target", "deployment production/backend")
                .containsKeys("message", "summary", "changes", "auditRecordId", "undo", "before", "after");
        assertThat((List<?>) down.values().get("changes")).anySatisfy(c -> assertThat(c.toString()).contains("/spec/replicas: 3 -> 0"));
        assertThat(down.failed()).isFalse();
        assertThat(back.values()).containsEntry("status", "succeeded");
        assertThat(backendReplicas()).isEqualTo(3);
        List<JsonNode> records = AuditLog.read(build.auditLog().file());
        assertThat(records).hasSize(2);
        assertThat(records.get(0).path("actor").path("name").asText()).isEqualTo("alice");
        assertThat(records.get(0).path("via").asText()).isEqualTo("Jenkins runbooks/P0-01#7");
        assertThat(down.auditRecordId()).isNotBlank();
        assertThat(AuditVerifier.verify(build.auditLog().file()).intact()).isTrue();
    }

    @Test
    void rollsBackACrashLoopingReleaseWhenDiagnosisSaysScenarioA() {
        String image = Platform.IMAGE + "2.4.0";
        sandbox.controller().release(NS, Platform.BACKEND, image, "deploy 2.4.0");
        sandbox.images().breakImage(image, ImageHealth.Failure.CRASH_LOOP);
        sandbox.settle();

        StepOutcome diagnosis = run(new ClusterCalls.Diagnose("backend", null), false);
        assertThat(diagnosis.values()).containsEntry("scenario", "A").containsEntry("status", "succeeded");
        assertThat(diagnosis.auditRecordId()).as("read-only steps are recorded too").isNotBlank();

        sandbox.startControllers(TICK);
        StepOutcome rollback = run(new ClusterCalls.Rollback("backend", null, "20s", null), false);

        assertThat(rollback.values()).as(rollback.message()).containsEntry("status", "succeeded");
        assertThat(client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo(Platform.IMAGE + "2.3.0");
    }

    @Test
    void aDryRunChangesNothingAndListsTheChange() {
        Map<String, String> before = clusterState();

        StepOutcome outcome = run(new ClusterCalls.ScaleWorkload("deployment/backend", "6", null, null), true);

        assertThat(outcome.values()).containsEntry("status", "succeeded").containsEntry("dryRun", true);
        assertThat(outcome.message()).startsWith("dry run: would");
        assertThat(clusterState()).isEqualTo(before);
    }

    @Test
    void aRefusalFailsTheStepWithExitCode3AndIsRecorded() throws IOException {
        StepOutcome outcome = run(new ClusterCalls.ScaleWorkload("deployment/backend", null, "true", null), false);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.values()).containsEntry("status", "refused").containsEntry("exitCode", 3);
        assertThat(outcome.message()).contains("no previous replica count is recorded");
        assertThat(AuditLog.read(build.auditLog().file())).singleElement()
                .satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("refused"));
    }

    @Test
    void badArgumentsAreRefusedWithExitCode2BeforeAnythingIsPlannedOrRecorded() {
        Map<String, String> before = clusterState();

        StepOutcome badName = run(new ClusterCalls.Restart("Backend;rm -rf /", null), false);
        StepOutcome badTimeout = run(new ClusterCalls.PodDelete("postgres-0", "soon"), false);
        StepOutcome missing = run(new ClusterCalls.Rollback(null, null, null, null), false);
        StepOutcome badNamespace = build.launch().onController("smTest", BuildUnderTest.inNamespace("Prod", KUBECONFIG_ID, false),
                new ClusterCalls.Restart("backend", null));

        assertThat(List.of(badName, badTimeout, missing, badNamespace)).allSatisfy(o -> {
            assertThat(o.failed()).isTrue();
            assertThat(o.values()).containsEntry("exitCode", 2).containsEntry("status", "refused");
        });
        assertThat(badName.message()).contains("is not a valid name");
        assertThat(badTimeout.message()).contains("is not a duration");
        assertThat(missing.message()).isEqualTo("the argument 'deployment' is required");
        assertThat(badNamespace.message()).contains("namespace \"Prod\" is not a valid name");
        assertThat(clusterState()).isEqualTo(before);
        assertThat(build.auditLog().file()).as("nothing reached the engine, so nothing was recorded").doesNotExist();
    }

    @Test
    void unknownCredentialsAreRefusedWithTheirId() {
        StepOutcome outcome = build.launch().onController("smTest", BuildUnderTest.inNamespace(NS, "no-such-id", false),
                new ClusterCalls.Restart("backend", null));

        assertThat(outcome.values()).containsEntry("exitCode", 2);
        assertThat(outcome.message()).contains("\"no-such-id\" not found");
        assertThat(build.console()).contains("[smTest] refused: credentials \"no-such-id\" not found");
    }

    @Test
    void theGlobalDefaultsFillInWhatAStepLeavesOut() {
        build.defaults = new Defaults(NS, KUBECONFIG_ID, null, null, null, null, null, null, null, null, null);

        StepOutcome outcome = build.launch().onController("smTest", BuildUnderTest.inNamespace(null, null, true),
                new ClusterCalls.ScaleWorkload("deployment/backend", "2", null, null));

        assertThat(outcome.values()).as(outcome.message()).containsEntry("status", "succeeded").containsEntry("target", "deployment production/backend");
    }

    @Test
    void theKubeconfigTokenAppearsNowhere() throws IOException {
        sandbox.startControllers(TICK);
        run(new ClusterCalls.ScaleWorkload("deployment/backend", "0", null, "15s"), false);
        run(new ClusterCalls.Diagnose("backend", "10"), false);
        StepOutcome bad = run(new ClusterCalls.Restart("backend;" + TOKEN_CANARY, null), false);

        assertThat(build.console()).contains("[smTest] [lock]").doesNotContain(TOKEN_CANARY);
        assertThat(bad.values().toString()).doesNotContain(TOKEN_CANARY).contains(MaskedLog.MASK);
        assertThat(Files.readString(build.auditLog().file())).doesNotContain(TOKEN_CANARY);
        try (var files = Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("smctl-kubeconfig-")).toList())
                    .as("the temporary kubeconfig is deleted when the step ends").isEmpty();
        }
    }

    Map<String, String> ingressAnnotations() {
        return client.network().v1().ingresses().inNamespace(NS).withName("secure-messenger").get().getMetadata().getAnnotations();
    }

    @Test
    void setsThenRemovesAnIngressAnnotationWrittenAsKubectlAnnotateDoes() throws IOException {
        StepOutcome set = run(new ClusterCalls.AnnotateIngress("secure-messenger", "nginx.ingress.kubernetes.io/proxy-read-timeout=3600"), false);
        Map<String, String> afterSet = ingressAnnotations();
        StepOutcome removed = run(new ClusterCalls.AnnotateIngress("secure-messenger", "nginx.ingress.kubernetes.io/proxy-read-timeout-"), false);

        assertThat(set.values()).as(set.message()).containsEntry("status", "succeeded");
        assertThat((List<?>) set.values().get("changes")).singleElement().asString().contains("60 -> 3600");
        assertThat(afterSet).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
        assertThat(removed.values()).as(removed.message()).containsEntry("status", "succeeded");
        assertThat(ingressAnnotations()).doesNotContainKey("nginx.ingress.kubernetes.io/proxy-read-timeout");
        assertThat(AuditLog.read(build.auditLog().file())).hasSize(2);
    }

    @Test
    void anAnnotationOutsideTheAllowlistOrWithoutAValueIsRefusedAndNothingIsSet() {
        StepOutcome snippet = run(new ClusterCalls.AnnotateIngress("secure-messenger", "nginx.ingress.kubernetes.io/configuration-snippet=return 200;"), false);
        StepOutcome bare = run(new ClusterCalls.AnnotateIngress("secure-messenger", "nginx.ingress.kubernetes.io/proxy-read-timeout"), false);

        assertThat(List.of(snippet, bare)).allSatisfy(o -> assertThat(o.values()).containsEntry("exitCode", 2));
        assertThat(snippet.message()).contains("is not in the allowlist");
        assertThat(bare.message()).startsWith("write the annotation as KEY=VALUE, or KEY- to remove it");
        assertThat(ingressAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "60");
        assertThat(build.auditLog().file()).doesNotExist();
    }

    @Test
    void textArgumentsThatAreNotWhatTheyShouldBeAreRefusedWithTheirName() {
        Map<String, String> before = clusterState();

        StepOutcome replicas = run(new ClusterCalls.ScaleWorkload("deployment/backend", "six", null, null), false);
        StepOutcome previous = run(new ClusterCalls.ScaleWorkload("deployment/backend", null, "yes", null), false);
        StepOutcome revision = run(new ClusterCalls.Rollback("backend", "latest", null, null), false);
        StepOutcome mode = run(new ClusterCalls.MaintenanceMode("backend", "maybe", null), false);

        assertThat(List.of(replicas, previous, revision, mode)).allSatisfy(o -> assertThat(o.values()).containsEntry("exitCode", 2));
        assertThat(replicas.message()).isEqualTo("'replicas' takes a whole number such as 3, not \"six\"");
        assertThat(previous.message()).isEqualTo("'restorePrevious' is true or false, not \"yes\"");
        assertThat(revision.message()).isEqualTo("'toRevision' takes a whole number such as 3, not \"latest\"");
        assertThat(mode.message()).isEqualTo("'mode' is on or off, not \"maybe\"");
        assertThat(clusterState()).isEqualTo(before);
    }

    @Test
    void topAndHealthCheckAreReadOnlyLooksWithTheirOwnKeys() {
        sandbox.serveMetrics(true);
        sandbox.startControllers(TICK);

        StepOutcome top = run(new ClusterCalls.Top("cpu"), false);
        StepOutcome healthy = run(new ClusterCalls.HealthProbe(sandbox.healthUrl().toString(), "10s"), false);
        StepOutcome badOrder = run(new ClusterCalls.Top("disk"), false);

        assertThat(top.values()).as(top.message()).containsEntry("status", "succeeded");
        assertThat((List<?>) top.values().get("pods")).isNotEmpty();
        assertThat(healthy.values()).as(healthy.message()).containsEntry("status", "succeeded");
        assertThat(badOrder.message()).isEqualTo("'order' is cpu or memory, not \"disk\"");
    }

    @Test
    void aHealthCheckWithoutAUrlIsSkippedAsTheEnginesRunbooksDoNotFailed() throws IOException {
        StepOutcome outcome = run(new ClusterCalls.HealthProbe(null, null), false);

        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.values()).containsEntry("status", "skipped").containsEntry("exitCode", 0);
        assertThat(outcome.message()).isEqualTo("no health URL was given: not probed");
        assertThat(AuditLog.read(build.auditLog().file())).singleElement()
                .satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("skipped"));
    }

    @Test
    void anUnhealthyUrlFailsTheHealthCheck() {
        StepOutcome outcome = run(new ClusterCalls.HealthProbe("http://127.0.0.1:" + dev.smctl.RealServers.freePort() + "/health", "1s"), false);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.values()).containsEntry("status", "failed").containsEntry("exitCode", 1);
    }
}
