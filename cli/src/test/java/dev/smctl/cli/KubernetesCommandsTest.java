package dev.smctl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesCommandsTest extends CliSandboxCase {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown colour              | bluegreen switch backend --to purple                                    | unknown colour",
            "negative replicas           | scale deployment/backend --replicas -1                                  | between 0 and 20",
            "replicas above the ceiling  | scale deployment/backend --replicas 500                                 | between 0 and 20",
            "annotation not allowlisted  | ingress annotate secure-messenger nginx.ingress.kubernetes.io/server-snippet=x | not in the allowlist",
            "annotation value malformed  | ingress annotate secure-messenger nginx.ingress.kubernetes.io/proxy-read-timeout=forever | whole seconds",
            "service name not DNS-1123   | bluegreen switch Backend_1                                              | DNS-1123",
            "pod name not DNS-1123       | pod delete postgres-0;reboot                                            | DNS-1123",
            "workload type unknown       | scale daemonset/fluentd --replicas 1                                    | unknown workload type",
            "maintenance mode unknown    | maintenance maybe backend                                               | expected one of [ON, OFF]",
            "job name not DNS-1123       | backup-job postgres-backup --job-name Manual_Backup                     | DNS-1123"})
    void rejectsBadInputWithExitTwoAndChangesNothing(String situation, String command, String reason) {
        var before = clusterState();

        CliRun run = smctl(command.strip().split("\\s+"));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains(reason);
        assertThat(clusterState()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rollback            | rollback backend",
            "bluegreen switch    | bluegreen switch backend",
            "scale               | scale deployment/backend --replicas 0",
            "restart             | restart backend",
            "pod delete          | pod delete postgres-0",
            "ingress annotate    | ingress annotate secure-messenger nginx.ingress.kubernetes.io/proxy-read-timeout=3600",
            "maintenance on      | maintenance on backend",
            "backup-job          | backup-job postgres-backup"})
    void everyDryRunPrintsThePlanAndChangesNothing(String command, String args) {
        var before = clusterState();
        String[] words = (args.strip() + " --dry-run").split("\\s+");

        CliRun run = smctl(words);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("dry run: would").contains("would change:");
        assertThat(clusterState()).isEqualTo(before);
    }

    @Test
    void switchesColoursAndShowsTheStatus() {
        CliRun run = smctl("bluegreen", "switch", "backend", "--health-url", sandbox.healthUrl().toString(), "--health-timeout", "5s");
        assertThat(run.exitCode()).as(run.all()).isZero();

        CliRun status = look("bluegreen", "status");
        assertThat(status.out()).contains("service production/backend sends traffic to: green")
                .containsPattern("green\\s+yes\\s+3/3\\s+backend-green");
    }

    @Test
    void scalesDownAndBackToTheRecordedCount() {
        sandbox.startControllers(Duration.ofMillis(50));

        assertThat(smctl("scale", "deployment/backend", "--replicas", "0").exitCode()).isZero();
        CliRun back = smctl("scale", "deployment/backend", "--restore-previous", "-o", "json");

        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(back.out()).contains("\"status\":\"succeeded\"").contains("\"replicas\":3");
    }

    @Test
    void diagnosesAndListsUsage() {
        CliRun diagnose = look("diagnose", "backend");
        assertThat(diagnose.exitCode()).as(diagnose.all()).isZero();
        assertThat(diagnose.out()).contains("{Ready=3}").contains("3 of 3 pods ready");

        CliRun top = look("top", "--sort-by", "cpu");
        assertThat(top.out()).containsPattern("backend-\\S+\\s+850m\\s+1843Mi");
        sandbox.serveMetrics(false);
        CliRun noMetrics = look("top");
        assertThat(noMetrics.exitCode()).isEqualTo(3);
        assertThat(noMetrics.err()).contains("install metrics-server");
    }

    @Test
    void capturesForensicsAndVerifiesTheBundle() throws Exception {
        java.nio.file.Path bundle = dir.resolve("evidence");

        CliRun capture = smctl("forensics", "capture", "--out", bundle.toString());
        assertThat(capture.exitCode()).as(capture.all()).isZero();
        assertThat(CliRun.of("evidence", "verify", bundle.toString()).out()).contains("intact");

        java.nio.file.Files.writeString(bundle.resolve("kubernetes/deployment/backend.json"), "{}");
        CliRun tampered = CliRun.of("evidence", "verify", bundle.toString());
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.err()).contains("kubernetes/deployment/backend.json: modified");
    }

    @Test
    void runsTheBackupJobAndPrintsItsOutcome() {
        sandbox.startControllers(Duration.ofMillis(50));

        CliRun run = smctl("backup-job", "--job-name", "manual-1", "--timeout", "20s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("job manual-1 completed").contains("backup complete");
    }
}
