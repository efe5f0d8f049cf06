package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.runbook.StepActions;
import hudson.FilePath;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step classes against docs/pipeline-steps.md and the engine: the shared library passes a runbook step's
 * {@code with:} map as the step's named arguments, so each step must bind exactly the arguments core's
 * {@code StepActions.ARGUMENTS} gives its action, plus the contract's common arguments and the plugin's own
 * optional extras. The arguments are read the way Jenkins binds them: the {@code @DataBoundConstructor}'s parameter
 * names (kept by -parameters) and the {@code @DataBoundSetter}s. The classes are instantiated over the compile-only
 * mirror, whose constructors do nothing; what Jenkins adds (Snippet Generator round trips, binding from Groovy) is
 * tested by the JenkinsRule tests under -Pjenkins.
 */
class StepContractTest {
    static final List<SmStepDescriptor> DESCRIPTORS = List.of(new SmDiagnoseStep.DescriptorImpl(), new SmTopStep.DescriptorImpl(),
            new SmRollbackStep.DescriptorImpl(), new SmPodDeleteStep.DescriptorImpl(), new SmBlueGreenSwitchStep.DescriptorImpl(),
            new SmScaleStep.DescriptorImpl(), new SmRestartStep.DescriptorImpl(), new SmIngressAnnotateStep.DescriptorImpl(),
            new SmMaintenanceStep.DescriptorImpl(), new SmBackupJobStep.DescriptorImpl(), new SmReadOnlyStep.DescriptorImpl(),
            new SmKillQueriesStep.DescriptorImpl(), new SmSlowQueriesStep.DescriptorImpl(), new SmRestoreDbStep.DescriptorImpl(),
            new SmBackupNowStep.DescriptorImpl(), new SmCaptureForensicsStep.DescriptorImpl(), new SmHealthCheckStep.DescriptorImpl(),
            new SmTableCountsStep.DescriptorImpl(), new SmDatabaseHealthStep.DescriptorImpl(), new SmApprovalDecisionStep.DescriptorImpl(),
            new SmWriteRecordsStep.DescriptorImpl(), new SmRevokeSessionsStep.DescriptorImpl(), new SmForce2faStep.DescriptorImpl(),
            new SmRotateSecretsStep.DescriptorImpl(), new SmCacheStatsStep.DescriptorImpl(), new SmFlushCacheStep.DescriptorImpl(),
            new SmIncidentStateStep.DescriptorImpl(), new SmUntilAlertResolvesStep.DescriptorImpl());
    /** Optional arguments the plugin adds to what the contract names; none may shadow a contract argument. */
    static final Set<String> EXTRAS = Set.of("failOnError", "timeout", "s3Region", "s3Endpoint");
    /** Common arguments every step that talks to the cluster takes; the database ones come with a workspace. */
    static final Set<String> CLUSTER_COMMON = Set.of("namespace", "reason", "dryRun", "kubeconfigCredentialsId");
    static final Set<String> DATABASE_COMMON = Set.of("databaseUrl", "databaseCredentialsId", "s3Bucket", "s3Prefix", "s3CredentialsId");
    static final Set<String> CACHE_COMMON = Set.of("redis", "redisCredentialsId");

    private static final Pattern ACTION_ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\| `(sm[A-Za-z0-9]+)` \\|.*\\|$");
    private static final Pattern WORD = Pattern.compile("`([a-zA-Z0-9]+)`");

    static List<String> contract() throws IOException {
        return Files.readAllLines(Path.of("..", "docs", "pipeline-steps.md"));
    }

    /** The step table: runbook action to step name. */
    static Map<String, String> actionSteps() throws IOException {
        Map<String, String> steps = new TreeMap<>();
        for (String line : contract()) {
            Matcher row = ACTION_ROW.matcher(line);
            if (row.matches()) {
                steps.put(row.group(1), row.group(2));
            }
        }
        return steps;
    }

    /** The contract's common arguments: the first cells of their table, and the cache steps' (a paragraph of their own). */
    static Set<String> commonArguments() throws IOException {
        Set<String> common = new TreeSet<>();
        boolean table = false;
        boolean paragraph = false;
        for (String line : contract()) {
            if (line.startsWith("## ")) {
                table = line.startsWith("## Common arguments");
            }
            paragraph = line.startsWith("Common arguments for the cache steps:") || paragraph && !line.isBlank();
            Matcher word = WORD.matcher(table && line.startsWith("| `") ? line.split("\\|")[1] : paragraph ? line : "");
            while (word.find()) {
                common.add(word.group(1));
            }
        }
        return common;
    }

    /** The runbook's own steps (not actions) and their arguments, from the contract's last table. */
    static Map<String, Set<String>> runbookSteps() throws IOException {
        Map<String, Set<String>> steps = new TreeMap<>();
        boolean inside = false;
        for (String line : contract()) {
            if (line.startsWith("## ")) {
                inside = line.startsWith("## Steps for the runbook itself");
            } else if (inside && line.startsWith("| `sm")) {
                String[] cells = line.split("\\|");
                Set<String> arguments = new TreeSet<>();
                Matcher word = WORD.matcher(cells[2].replaceAll("\\([^)]*\\)", ""));
                while (word.find()) {
                    arguments.add(word.group(1));
                }
                steps.put(cells[1].strip().replace("`", ""), arguments);
            }
        }
        return steps;
    }

    /** What Jenkins binds: the data-bound constructor's parameter names and every data-bound setter's property. */
    static Set<String> boundArguments(Class<?> step) {
        Set<String> names = new TreeSet<>();
        List<Constructor<?>> constructors = Arrays.stream(step.getConstructors()).filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).toList();
        assertThat(constructors).as("%s has one @DataBoundConstructor", step.getSimpleName()).hasSize(1);
        for (Parameter parameter : constructors.get(0).getParameters()) {
            assertThat(parameter.isNamePresent()).as("compiled with -parameters, as the Jenkins parent POM does").isTrue();
            names.add(parameter.getName());
        }
        for (Method method : step.getMethods()) {
            if (method.isAnnotationPresent(DataBoundSetter.class)) {
                String property = method.getName().substring("set".length());
                names.add(Character.toLowerCase(property.charAt(0)) + property.substring(1));
            }
        }
        return names;
    }

    static Class<?> stepOf(SmStepDescriptor descriptor) {
        return descriptor.getClass().getEnclosingClass();
    }

    static Map<String, SmStepDescriptor> byFunction() {
        Map<String, SmStepDescriptor> byName = new LinkedHashMap<>();
        DESCRIPTORS.forEach(d -> byName.put(d.getFunctionName(), d));
        return byName;
    }

    @Test
    void everyContractStepIsProvidedUnderItsName() throws IOException {
        Set<String> listed = new TreeSet<>(actionSteps().values());
        listed.addAll(runbookSteps().keySet());

        assertThat(StepActions.ARGUMENTS.keySet()).as("every action the engine carries has a row").isEqualTo(actionSteps().keySet());
        assertThat(byFunction().keySet()).containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void everyActionStepTakesExactlyTheEnginesArgumentsPlusTheCommonOnes() throws IOException {
        Set<String> common = commonArguments();
        assertThat(common).as("parsed from the contract").containsAll(CLUSTER_COMMON).containsAll(DATABASE_COMMON).containsAll(CACHE_COMMON);
        assertThat(EXTRAS).doesNotContainAnyElementsOf(common);
        Map<String, SmStepDescriptor> steps = byFunction();

        actionSteps().forEach((action, function) -> {
            SmStepDescriptor descriptor = steps.get(function);
            Set<String> bound = boundArguments(stepOf(descriptor));
            Set<String> own = new TreeSet<>(bound);
            own.removeAll(common);
            own.removeAll(EXTRAS);
            Set<String> engine = StepActions.ARGUMENTS.get(action);

            assertThat(engine).as("core carries action %s", action).isNotNull();
            assertThat(own).as("%s (action %s) binds exactly StepActions.ARGUMENTS.get(\"%s\")", function, action, action)
                    .isEqualTo(new TreeSet<>(engine));
            assertThat(engine).as("no engine argument of %s is hidden among the common ones or the extras", action)
                    .doesNotContainAnyElementsOf(common).doesNotContainAnyElementsOf(EXTRAS);
            assertThat(bound).as("%s takes the common arguments", function).containsAll(CLUSTER_COMMON);
            Class<?> step = stepOf(descriptor);
            assertThat(bound.containsAll(DATABASE_COMMON)).as("%s takes the database arguments when it talks to the database", function)
                    .isEqualTo(SmDatabaseStep.class.isAssignableFrom(step));
            assertThat(bound.containsAll(CACHE_COMMON)).as("%s takes the cache arguments when it talks to Redis", function)
                    .isEqualTo(SmCacheStep.class.isAssignableFrom(step));
        });
    }

    @Test
    void theRunbooksOwnStepsTakeExactlyTheirDocumentedArguments() throws IOException {
        Map<String, SmStepDescriptor> steps = byFunction();

        runbookSteps().forEach((function, arguments) -> {
            if (steps.containsKey(function)) {
                assertThat(boundArguments(stepOf(steps.get(function)))).as(function).isEqualTo(arguments);
            }
        });
    }

    @Test
    void everyBoundArgumentHasAGetterAndAHelpPageAndEveryStepAHelpPage() {
        for (SmStepDescriptor descriptor : DESCRIPTORS) {
            Class<?> step = stepOf(descriptor);
            assertThat(helpPage(step, "help.html")).as("%s help.html", step.getSimpleName()).isTrue();
            for (String argument : boundArguments(step)) {
                String suffix = Character.toUpperCase(argument.charAt(0)) + argument.substring(1);
                assertThat(Arrays.stream(step.getMethods()).map(Method::getName)).as("%s.%s needs a public getter for the Snippet Generator",
                        step.getSimpleName(), argument).containsAnyOf("get" + suffix, "is" + suffix);
                assertThat(helpPage(step, "help-" + argument + ".html")).as("%s help-%s.html", step.getSimpleName(), argument).isTrue();
            }
        }
    }

    /** Jenkins looks for a field's help next to the class, then next to each superclass. */
    static boolean helpPage(Class<?> step, String file) {
        for (Class<?> c = step; c != null; c = c.getSuperclass()) {
            if (c.getResource(c.getSimpleName() + "/" + file) != null) {
                return true;
            }
        }
        return false;
    }

    @Test
    void databaseCacheAndRecordsStepsNeedAWorkspaceAndKubernetesStepsDoNot() {
        for (SmStepDescriptor descriptor : DESCRIPTORS) {
            Class<?> step = stepOf(descriptor);
            boolean onAgent = SmDatabaseStep.class.isAssignableFrom(step) || SmCacheStep.class.isAssignableFrom(step) || step == SmWriteRecordsStep.class;
            assertThat(descriptor.getRequiredContext().contains(FilePath.class)).as(descriptor.getFunctionName()).isEqualTo(onAgent);
            assertThat(descriptor.getDisplayName()).as("an imperative sentence").matches("[A-Z][a-z]+ .+");
        }
    }

    @Test
    void argumentsArriveAsTextAsTheDefinitionsGiveThemAndBindToTheWorkTheyName() {
        SmRollbackStep rollback = new SmRollbackStep(" backend ");
        rollback.setToRevision("4");
        rollback.setTimeout("");
        rollback.setHealthUrl("https://api.example.com/health");
        SmScaleStep scale = new SmScaleStep("deployment/backend");
        scale.setRestorePrevious("true");
        SmRestoreDbStep restore = new SmRestoreDbStep();
        restore.setBefore("2026-11-28T02:55:00Z");
        restore.setVerifySql("SELECT count(*) > 0 FROM users");
        restore.setMigration("npx prisma migrate deploy");
        SmKillQueriesStep kill = new SmKillQueriesStep();
        kill.setProtectedRoles("postgres");
        SmCaptureForensicsStep forensics = new SmCaptureForensicsStep();
        forensics.setPods("worker");
        SmTableCountsStep counts = new SmTableCountsStep();
        counts.setTables("users");

        assertThat(rollback.call()).isEqualTo(new ClusterCalls.Rollback("backend", "4", null, "https://api.example.com/health"));
        assertThat(scale.call()).isEqualTo(new ClusterCalls.ScaleWorkload("deployment/backend", null, "true", null));
        assertThat(new SmIngressAnnotateStep("secure-messenger", "nginx.ingress.kubernetes.io/proxy-read-timeout=3600").call())
                .isEqualTo(new ClusterCalls.AnnotateIngress("secure-messenger", "nginx.ingress.kubernetes.io/proxy-read-timeout=3600"));
        assertThat(new SmMaintenanceStep("backend", "on").call()).isEqualTo(new ClusterCalls.MaintenanceMode("backend", "on", null));
        assertThat(restore.call()).isEqualTo(new DatabaseCalls.Restore(null, null, "2026-11-28T02:55:00Z", null, "SELECT count(*) > 0 FROM users",
                "npx prisma migrate deploy", null));
        assertThat(kill.call()).isEqualTo(new DatabaseCalls.KillQueries(null, "postgres"));
        assertThat(forensics.call()).isEqualTo(new DatabaseCalls.CaptureForensics(null, "worker"));
        assertThat(counts.call()).isEqualTo(new DatabaseCalls.TableCounts(null, "users"));
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
        for (SmStepDescriptor descriptor : DESCRIPTORS) {
            assertThat(Arrays.stream(stepOf(descriptor).getDeclaredClasses()).filter(StepExecution.class::isAssignableFrom))
                    .as("%s runs through SmExecution, OnBuild or GateWait", descriptor.getFunctionName()).isEmpty();
        }
        for (Class<?> execution : List.of(SmExecution.class, OnBuild.class, GateWait.class)) {
            for (Field field : execution.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (Modifier.isTransient(field.getModifiers())) {
                    assertThat(field.getType()).as("only the step and its work stay in this process").isIn(SmStep.class, OnBuild.Work.class);
                } else {
                    // A gate's running block is Jenkins' own Serializable handle, saved with the Pipeline.
                    assertThat(field.getType()).as(field.getName() + " survives in program.dat").isIn(String.class, BodyExecution.class);
                }
            }
        }
    }
}
