package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.DatabaseCalls;
import hudson.FilePath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step classes against docs/pipeline-steps.md (the contract with the shared library): every step of an action
 * core has is there under its contract name, and its arguments bind to the work they name. The classes are
 * instantiated over the compile-only mirror, whose constructors do nothing; what Jenkins adds (Snippet Generator
 * round trips, binding from Groovy) is tested by the JenkinsRule tests under -Pjenkins.
 */
class StepContractTest {
    static final List<SmStepDescriptor> DESCRIPTORS = List.of(new SmDiagnoseStep.DescriptorImpl(), new SmTopStep.DescriptorImpl(),
            new SmRollbackStep.DescriptorImpl(), new SmPodDeleteStep.DescriptorImpl(), new SmBlueGreenSwitchStep.DescriptorImpl(),
            new SmScaleStep.DescriptorImpl(), new SmRestartStep.DescriptorImpl(), new SmIngressAnnotateStep.DescriptorImpl(),
            new SmMaintenanceStep.DescriptorImpl(), new SmBackupJobStep.DescriptorImpl(), new SmReadOnlyStep.DescriptorImpl(),
            new SmKillQueriesStep.DescriptorImpl(), new SmSlowQueriesStep.DescriptorImpl(), new SmRestoreDbStep.DescriptorImpl(),
            new SmBackupNowStep.DescriptorImpl(), new SmCaptureForensicsStep.DescriptorImpl(), new SmHealthCheckStep.DescriptorImpl());
    /** Contract steps whose core actions other issues are still writing (the security actions, approvals, records). */
    static final Set<String> NOT_YET = Set.of("smRevokeSessions", "smForce2fa", "smRotateSecrets", "smCacheStats", "smFlushCache",
            "smApprovalDecision", "smWriteRecords", "smTableCounts", "smDatabaseHealth");

    static Set<String> contractSteps() throws IOException {
        String contract = Files.readString(Path.of("..", "docs", "pipeline-steps.md"));
        Set<String> names = new TreeSet<>();
        Matcher step = Pattern.compile("\\| `(sm[A-Z]\\w+)` \\|").matcher(contract);
        while (step.find()) {
            names.add(step.group(1));
        }
        return names;
    }

    @Test
    void everyContractStepOfAnExistingActionIsProvidedUnderItsName() throws IOException {
        Set<String> provided = new TreeSet<>();
        DESCRIPTORS.forEach(d -> provided.add(d.getFunctionName()));
        Set<String> expected = new TreeSet<>(contractSteps());
        expected.removeAll(NOT_YET);

        assertThat(contractSteps()).as("the contract still lists them").containsAll(NOT_YET);
        assertThat(provided).isEqualTo(expected);
    }

    @Test
    void databaseStepsNeedAWorkspaceAndKubernetesStepsDoNot() {
        for (SmStepDescriptor descriptor : DESCRIPTORS) {
            boolean database = Set.of("smReadOnly", "smKillQueries", "smSlowQueries", "smRestoreDb", "smBackupNow", "smCaptureForensics")
                    .contains(descriptor.getFunctionName());
            assertThat(descriptor.getRequiredContext().contains(FilePath.class)).as(descriptor.getFunctionName()).isEqualTo(database);
            assertThat(descriptor.getDisplayName()).as("an imperative sentence").matches("[A-Z][a-z]+ .+");
        }
    }

    @Test
    void argumentsBindToTheWorkTheyName() {
        SmRollbackStep rollback = new SmRollbackStep(" backend ");
        rollback.setToRevision(4);
        rollback.setTimeout("");
        rollback.setHealthUrl("https://api.example.com/health");
        SmScaleStep scale = new SmScaleStep("deployment/backend");
        scale.setRestorePrevious(true);
        SmIngressAnnotateStep ingress = new SmIngressAnnotateStep("secure-messenger");
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("nginx.ingress.kubernetes.io/proxy-read-timeout", 3600);
        annotations.put("nginx.ingress.kubernetes.io/proxy-body-size", null);
        ingress.setAnnotations(annotations);
        SmRestoreDbStep restore = new SmRestoreDbStep();
        restore.setBefore("2026-11-28T02:55:00Z");
        restore.setMigration(List.of("npx", "prisma", "migrate", "deploy"));
        SmKillQueriesStep kill = new SmKillQueriesStep();
        kill.setProtectedRoles(List.of("postgres"));

        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        texts.put("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
        texts.put("nginx.ingress.kubernetes.io/proxy-body-size", null);
        assertThat(rollback.call()).isEqualTo(new ClusterCalls.Rollback("backend", 4, null, "https://api.example.com/health"));
        assertThat(scale.call()).isEqualTo(new ClusterCalls.ScaleWorkload("deployment/backend", null, true, null));
        assertThat(ingress.call()).isEqualTo(new ClusterCalls.AnnotateIngress("secure-messenger", texts));
        assertThat(new SmMaintenanceStep("backend", true).call()).isEqualTo(new ClusterCalls.MaintenanceMode("backend", true, null));
        assertThat(restore.call()).isEqualTo(new DatabaseCalls.Restore(null, null, "2026-11-28T02:55:00Z", null,
                List.of("npx", "prisma", "migrate", "deploy"), null));
        assertThat(kill.call()).isEqualTo(new DatabaseCalls.KillQueries(null, List.of("postgres")));
        assertThat(new SmReadOnlyStep("on").isFailOnError()).as("failOnError defaults to true").isTrue();
    }

    @Test
    void commonArgumentsReachTheSettingsAndBlankMeansLeftOut() {
        SmRestoreDbStep step = new SmRestoreDbStep();
        step.setNamespace("production");
        step.setReason("P0-02");
        step.setDryRun(true);
        step.setKubeconfigCredentialsId("  ");
        step.setDatabaseUrl("jdbc:postgresql://postgres:5432/securemessenger");
        step.setDatabaseCredentialsId("db-admin");
        step.setS3Bucket("backups");
        step.setS3CredentialsId("backup-s3");

        var common = step.common();

        assertThat(common.namespace()).isEqualTo("production");
        assertThat(common.dryRun()).isTrue();
        assertThat(common.kubeconfigCredentialsId()).isNull();
        assertThat(common.databaseUrl()).isEqualTo("jdbc:postgresql://postgres:5432/securemessenger");
        assertThat(common.s3CredentialsId()).isEqualTo("backup-s3");
        assertThat(step.runsOnAgent()).isTrue();
        assertThat(new SmRestartStep("backend").common().databaseUrl()).isNull();
    }

    @Test
    void aRunningStepKeepsOnlyTextAcrossARestartAndNeverTheStep() {
        for (Field field : SmExecution.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            if (field.getType() == SmStep.class) {
                assertThat(Modifier.isTransient(field.getModifiers())).as("the step is transient").isTrue();
            } else {
                assertThat(field.getType()).as(field.getName() + " survives in program.dat").isEqualTo(String.class);
            }
        }
    }
}
