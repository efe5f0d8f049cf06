package dev.smctl.jenkins;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import dev.smctl.sandbox.Platform;
import dev.smctl.sandbox.Sandbox;
import hudson.model.Result;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import hudson.util.SecretBytes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steps inside a real Jenkins (JenkinsRule), against the sandbox cluster. Compiled and run only by the
 * -Pjenkins build (the Jenkinsfile), never by the default build: it needs jenkins-test-harness.
 */
@WithJenkins
class SmStepsJenkinsTest {
    static final String TOKEN_CANARY = "canary-kube-token-in-jenkins";

    @TempDir
    Path dir;
    Sandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(dir);
        sandbox.startControllers(Duration.ofMillis(50));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    void storeKubeconfig(JenkinsRule j) throws Exception {
        String kubeconfig = Files.readString(sandbox.kubeconfig()).replace("sandbox-token-not-a-secret", TOKEN_CANARY);
        SystemCredentialsProvider.getInstance().getCredentials().add(new FileCredentialsImpl(CredentialsScope.GLOBAL, "sandbox", "sandbox cluster",
                "kubeconfig", SecretBytes.fromBytes(kubeconfig.getBytes(StandardCharsets.UTF_8))));
        SystemCredentialsProvider.getInstance().save();
        SmctlConfiguration.get().setDefaultNamespace(Platform.NAMESPACE);
        SmctlConfiguration.get().setKubeconfigCredentialsId("sandbox");
    }

    WorkflowJob pipeline(JenkinsRule j, String script) throws Exception {
        WorkflowJob job = j.jenkins.createProject(WorkflowJob.class, "p");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    @Test
    void anApprovedScaleReturnsItsResultMapAndShowsOnTheAuditPage(JenkinsRule j) throws Exception {
        storeKubeconfig(j);
        WorkflowJob job = pipeline(j, """
                input id: 'approve', message: 'Scale the backend to 0?'
                def r = smScale workload: 'deployment/backend', replicas: '0', timeout: '20s', reason: 'P0-03 drill'
                echo "status=${r.status} exit=${r.exitCode} changes=${r.changes.size()}"
                """);
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Scale the backend to 0?", build);
        InputStepExecution gate = build.getAction(InputAction.class).getExecution("Approve");
        assertThat(gate).isNotNull();
        gate.proceed(null);
        j.assertBuildStatusSuccess(j.waitForCompletion(build));

        j.assertLogContains("status=succeeded exit=0 changes=1", build);
        j.assertLogNotContains(TOKEN_CANARY, build);
        assertThat(sandbox.client().apps().deployments().inNamespace(Platform.NAMESPACE).withName(Platform.BACKEND).get()
                .getSpec().getReplicas()).isZero();
        SmAuditAction audit = build.getAction(SmAuditAction.class);
        assertThat(audit).isNotNull();
        assertThat(audit.getPage().intact()).isTrue();
        assertThat(audit.getPage().rows()).singleElement().satisfies(row -> assertThat(row.action()).isEqualTo("scale"));
        String page = j.createWebClient().goTo(build.getUrl() + "smctl-audit/").asNormalizedText();
        assertThat(page).contains("Hash chain: intact (1 record").contains("/spec/replicas: 3 → 0").doesNotContain(TOKEN_CANARY);
        String log = j.createWebClient().goTo(build.getUrl() + "smctl-audit/log", "application/octet-stream").getWebResponse().getContentAsString();
        assertThat(log).contains("\"action\":\"scale\"");
    }

    @Test
    void aRefusalFailsTheStepWithItsOneLineReasonUnlessFailOnErrorIsFalse(JenkinsRule j) throws Exception {
        storeKubeconfig(j);
        WorkflowJob job = pipeline(j, """
                def r = smScale workload: 'deployment/backend', restorePrevious: 'true', failOnError: false
                echo "kept going: ${r.status} ${r.exitCode}"
                smScale workload: 'deployment/backend', restorePrevious: 'true'
                """);
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("kept going: refused 3", build);
        j.assertLogContains("no previous replica count is recorded", build);
        j.assertLogNotContains("at dev.smctl", build);
    }

    @Test
    void databaseStepsOutsideNodeAreRejectedBeforeTheyStart(JenkinsRule j) throws Exception {
        WorkflowJob job = pipeline(j, "smReadOnly mode: 'on'");
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("hudson.FilePath", build);
    }

    @Test
    void theSnippetGeneratorRoundTripsAStep(JenkinsRule j) throws Exception {
        SmRollbackStep step = new SmRollbackStep("backend");
        step.setToRevision("4");
        step.setNamespace("production");
        new org.jenkinsci.plugins.workflow.steps.StepConfigTester(j).configRoundTrip(step);
    }
}
