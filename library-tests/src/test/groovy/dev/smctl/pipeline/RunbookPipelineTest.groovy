package dev.smctl.pipeline

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.MethodCall
import hudson.AbortException
import org.codehaus.groovy.runtime.InvokerInvocationException
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.jenkinsci.plugins.workflow.steps.TimeoutStepExecution
import org.jenkinsci.plugins.workflow.support.steps.input.Rejection
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.TestInstance
import org.yaml.snakeyaml.LoaderOptions
import org.yaml.snakeyaml.Yaml
import org.yaml.snakeyaml.constructor.SafeConstructor

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

/**
 * Runs a runbook job (the script resources/jenkins/runbookJobs.groovy generates) under JenkinsPipelineUnit: the
 * library is loaded from this repository as Jenkins would check it out, and every Jenkins and plugin step is a
 * mock. The mocks are recorded in helper.callStack and answer as the test scripts them: the plugin steps succeed
 * unless told otherwise, the input step takes its answers from a queue, and smApprovalDecision applies the policy
 * the plugin promises (docs/pipeline-steps.md): never the requester or the alert identity, distinct approvers, a
 * comment. Nothing here is Jenkins: CPS, serialization, the sandbox and the real steps are not exercised.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunbookPipelineTest extends BasePipelineTest {
    public static final File ROOT = new File(System.getProperty('smctl.library.root', '..')).canonicalFile

    /** The library's src/ classes compiled on their own, as Jenkins compiles them, for tests of its rules. */
    static GroovyClassLoader libraryClasses(ClassLoader parent) {
        GroovyClassLoader loader = new GroovyClassLoader(parent)
        loader.addClasspath(new File(ROOT, 'src').path)
        return loader
    }
    public static final String REQUESTER = 'alice'
    public static final String ALERT_IDENTITY = 'alertmanager'

    /** docs/pipeline-steps.md's table, written out again here so the tests check the library against the document. */
    public static final Map<String, String> STEP_OF_ACTION = [
            diagnose: 'smDiagnose', top: 'smTop', rollback: 'smRollback', 'pod-delete': 'smPodDelete', 'bluegreen-switch': 'smBlueGreenSwitch',
            scale: 'smScale', restart: 'smRestart', 'ingress-annotate': 'smIngressAnnotate', maintenance: 'smMaintenance',
            'backup-job': 'smBackupJob', 'db-read-only': 'smReadOnly', 'db-kill-queries': 'smKillQueries', 'db-slow-queries': 'smSlowQueries',
            'db-restore': 'smRestoreDb', 'db-backup': 'smBackupNow', 'forensics-capture': 'smCaptureForensics', 'sessions-revoke': 'smRevokeSessions',
            'users-force-2fa': 'smForce2fa', 'secrets-rotate': 'smRotateSecrets', 'cache-stats': 'smCacheStats', 'cache-flush': 'smFlushCache',
            'health-check': 'smHealthCheck', 'db-counts': 'smTableCounts', 'db-health': 'smDatabaseHealth']
    public static final List<String> ACTION_STEPS = STEP_OF_ACTION.values().toList()
    public static final List<String> PLUGIN_STEPS = ACTION_STEPS + ['smApprovalDecision', 'smWriteRecords']
    /** When the alert that started a run resolved, in the tests that resolve it. */
    public static final String RESOLVED_AT = '2026-03-14T03:20:00Z'

    // What the mocks do and saw in the current test; reset before each.
    /**
     * Answers to the questions of a gated step, by step id, in order; a Throwable is thrown by the input step, a
     * Closure is called while the question waits and its value is the answer.
     */
    Map<String, List> answers
    List<String> log
    Map<String, Closure> stepBehaviour
    Set<String> notAllowedToDecide
    boolean pluginAcceptsRepeatedApprover
    /** Questions without a scripted answer are approved, each by a new approver; otherwise they fail the test. */
    boolean approveEverything
    String diagnosed
    String runbookId
    Throwable thrown
    String result
    protected Map<String, Set<String>> approvalsByGate
    protected int autoApprovers
    /** When the alert that started the run resolved, as the plugin knows it; null while it fires. */
    String alertResolvedAt
    /** The run began its first changing step (smIncidentState with changing: 'true'): the plugin leaves it to finish. */
    boolean runChanged
    /** Runs when the pipeline got a lock, before the locked step: what happened while it waited for it. */
    Closure lockTaken

    /**
     * One JenkinsPipelineUnit helper per test class: compiling the library takes seconds, and the tests share no
     * state through it (the library's globals are stateless; the call stack and the build are reset per test).
     */
    @BeforeAll
    void startJenkinsPipelineUnit() {
        File jobs = new File(ROOT, 'library-tests/target/test-jobs')
        jobs.mkdirs()
        scriptRoots = [jobs.path] as String[]
        scriptExtension = 'groovy'
        setUp()
        helper.registerSharedLibrary(library('smctl').defaultVersion('main').allowOverride(false).implicit(false)
                .targetPath(jobs.path).retriever(new RepositoryLibrary(ROOT)).build())
        registerJenkinsSteps()
        registerPluginSteps()
    }

    @BeforeEach
    void newBuild() {
        helper.clearCallStack()
        answers = [:]
        log = []
        stepBehaviour = [:]
        notAllowedToDecide = [REQUESTER, ALERT_IDENTITY] as Set
        pluginAcceptsRepeatedApprover = false
        approveEverything = true
        diagnosed = 'A'
        runbookId = null
        thrown = null
        result = null
        approvalsByGate = [:]
        autoApprovers = 0
        alertResolvedAt = null
        runChanged = false
        lockTaken = null
        binding.setVariable('currentBuild', new BuildStandIn([[_class: 'hudson.model.Cause$UserIdCause',
                shortDescription: "Started by user ${REQUESTER}".toString(), userId: REQUESTER, userName: 'Alice']]))
    }

    /** A scripted answer nobody asked for means the test scripted a gate the pipeline no longer asks at. */
    @AfterEach
    void everyScriptedAnswerWasAsked() {
        Map<String, List> unasked = answers.findAll { String step, List left -> !left.isEmpty() }
        assert unasked.isEmpty(): "answers scripted for questions the pipeline never asked: ${unasked.keySet()}"
    }

    /** The script each job of the runbooks/ folder runs; LibraryLayoutTest.seedCreatesOneJobPerRunbook checks the seed generates exactly this. */
    static String jobScript(String id) {
        return "@Library('smctl') _\nsmRunbook('${id}')\n"
    }

    /** Runs the runbook's job with the definition's defaults overridden by {@code overrides}, as a build with parameters. */
    void run(String id, Map overrides = [:]) {
        runWithParams(id, defaults(id) + overrides)
    }

    /** Runs the runbook's job with exactly these build parameters. */
    void runWithParams(String id, Map params) {
        runbookId = id
        binding.setVariable('params', params)
        String name = "runbook_${id.replace('-', '_')}.groovy"
        new File(scriptRoots[0], name).text = jobScript(id)
        try {
            runScript(name)
        } catch (Throwable t) {
            thrown = t
            while (thrown instanceof InvokerInvocationException && thrown.cause != null) {
                thrown = thrown.cause
            }
        }
        result = jenkinsResult()
    }

    /** Every runbook id of resources/smctl/runbooks/index.txt, in its order. */
    static List<String> everyRunbook() {
        return new File(ROOT, 'resources/smctl/runbooks/index.txt').readLines()*.trim().findAll { it && !it.startsWith('#') }.collect { it - '.yaml' }
    }

    /** The plugin step that runs a step of the definition. */
    static String pluginStepOf(String id, String stepId) {
        return STEP_OF_ACTION[definition(id).steps.find { it.id == stepId }.action]
    }

    /** The parameters a build gets when nobody changes the job's defaults. */
    static Map defaults(String id) {
        Map params = [dryRun: false, incident: '']
        definition(id).parameters.each { Map p -> params[p.name] = p['default'] == null ? '' : String.valueOf(p['default']) }
        return params
    }

    /** The definition as the file says, read independently of the library. */
    static Map definition(String id) {
        return (Map) new Yaml(new SafeConstructor(new LoaderOptions())).load(new File(ROOT, "resources/smctl/runbooks/${id}.yaml").text)
    }

    // Answers for the input step.
    static Map approve(String who, String comment = 'read the plan, go ahead') {
        return [approver: who, decision: 'approve', comment: comment]
    }

    static Map reject(String who, String comment = 'not now') {
        return [approver: who, decision: 'reject', comment: comment]
    }

    static FlowInterruptedException abortButton(String who) {
        return new FlowInterruptedException('ABORTED', new Rejection(who))
    }

    static FlowInterruptedException gateExpiry() {
        return new FlowInterruptedException('ABORTED', new TimeoutStepExecution.ExceededTimeout())
    }

    static FlowInterruptedException buildAborted() {
        return new FlowInterruptedException('ABORTED', 'the Abort button of the build')
    }

    /** The argument maps of every call of a step, in order, GString values as Strings. */
    List<Map> calls(String name) {
        return helper.callStack.findAll { MethodCall call -> call.methodName == name }.collect { MethodCall call ->
            call.args.length > 0 && call.args[0] instanceof Map ? plain((Map) call.args[0]) : [args: call.args.toList()]
        }
    }

    static Map plain(Map args) {
        return args.collectEntries { key, value -> [(key): value instanceof GString ? value.toString() : value] }
    }

    /** The plugin steps in the order they ran, {@code (dry run)} marking a dry run: the pipeline's shape in one list. */
    List<String> pluginStepsRun() {
        return helper.callStack.findAll { MethodCall call -> call.methodName in PLUGIN_STEPS }.collect { MethodCall call ->
            Map args = (Map) call.args[0]
            call.methodName == 'smApprovalDecision' ? "smApprovalDecision ${args.step} ${args.decision} ${args.approver}".toString()
                    : args.dryRun ? "${call.methodName} (dry run)".toString() : call.methodName
        }
    }

    /** The job parameters the pipeline declared through properties([parameters(...)]). */
    List<Map> declaredParameters() {
        List<MethodCall> declared = helper.callStack.findAll { MethodCall call -> call.methodName == 'properties' }
        assert declared.size() == 1: "properties was called ${declared.size()} times"
        List properties = (List) declared[0].args[0]
        return (List<Map>) properties.find { it instanceof Map && it.parameters != null }.parameters
    }

    BuildStandIn currentBuild() {
        return (BuildStandIn) binding.getVariable('currentBuild')
    }

    /** Position of the first call of {@code name} whose arguments contain {@code args}, in the call stack (-1 if none). */
    int indexOf(String name, Map args = [:]) {
        return helper.callStack.findIndexOf { MethodCall call ->
            call.methodName == name && (args.isEmpty() || (call.args[0] instanceof Map && plain((Map) call.args[0]).entrySet().containsAll(args.entrySet())))
        }
    }

    /** The stages the pipeline entered. */
    List<String> stages() {
        return helper.callStack.findAll { MethodCall call -> call.methodName == 'stage' }.collect { MethodCall call -> String.valueOf(call.args[0]) }
    }

    /**
     * The questions a definition asks: each gated step with the parameters that make its {@code when:} hold, unless
     * an earlier step naming the same gate runs with those parameters too (then that step's approval covers it).
     */
    static List<Map> gateQuestions(String id) {
        Map definition = definition(id)
        List<Map> steps = definition.steps
        return steps.findAll { it.gate }.collect { Map step ->
            Map params = conditionParams(step)
            boolean covered = steps.subList(0, steps.indexOf(step)).any { Map earlier ->
                earlier.gate == step.gate && (!earlier.when || conditionParams(earlier) == params)
            }
            covered ? null : [runbook: id, step: step.id, gate: step.gate, params: params, gateDefinition: definition.gates[step.gate]]
        }.findAll { it != null }
    }

    /** The parameter values that make a step's {@code when: "NAME == VALUE"} hold (none without a condition). */
    static Map conditionParams(Map step) {
        if (!step.when) {
            return [:]
        }
        List<String> parts = String.valueOf(step.when).tokenize(' =')
        return [(parts[0]): parts[1]]
    }

    protected void registerJenkinsSteps() {
        helper.registerAllowedMethod('readYaml', [Map], { Map args -> new Yaml(new SafeConstructor(new LoaderOptions())).load((String) args.text) })
        helper.registerAllowedMethod('parameters', [List], { List definitions -> [parameters: definitions] })
        ['string', 'choice', 'booleanParam', 'text'].each { String kind ->
            helper.registerAllowedMethod(kind, [Map], { Map args -> [kind: kind] + args })
        }
        // Replaces BasePipelineTest's echo and error (whose error only sets the result): String and GString arguments alike.
        Closure echo = { Object line -> log << String.valueOf(line) }
        Closure error = { Object message ->
            log << String.valueOf(message)
            throw new AbortException(String.valueOf(message))
        }
        [String, GString].each { Class type ->
            helper.registerAllowedMethod('echo', [type], echo)
            helper.registerAllowedMethod('error', [type], error)
        }
        helper.registerAllowedMethod('input', [Map], { Map args -> nextAnswer(args) })
        helper.registerAllowedMethod('lock', [Map, Closure], { Map args, Closure body ->
            lockTaken?.call(args)
            body()
        })
        helper.registerAllowedMethod('milestone', [Map], null)
    }

    protected void registerPluginSteps() {
        ACTION_STEPS.each { String name ->
            helper.registerAllowedMethod(name, [Map], { Map args ->
                Closure behaviour = stepBehaviour[name]
                behaviour != null ? behaviour(args) : defaultResult(name, args)
            })
        }
        helper.registerAllowedMethod('smApprovalDecision', [Map], { Map args -> approvalPolicy(args) })
        helper.registerAllowedMethod('smIncidentState', [Map], { Map args -> incidentState(args) })
        helper.registerAllowedMethod('smUntilAlertResolves', [Closure], { Closure question -> untilAlertResolves(question) })
        helper.registerAllowedMethod('smWriteRecords', [Map], { Map args ->
            Closure behaviour = stepBehaviour.smWriteRecords
            behaviour != null ? behaviour(args) : [auditVerified: true,
                                                   files: ['smctl/audit.jsonl', 'smctl/audit.jsonl.head', 'smctl/postmortem.md', 'smctl/report.html']]
        })
    }

    protected Map defaultResult(String name, Map args) {
        Map result = [status: 'succeeded', message: "${name} done".toString(), exitCode: 0, auditRecordId: "record-${helper.callStack.size()}".toString(),
                      summary: "${name}${args.dryRun ? ' would change' : ' changed'} its target".toString(),
                      changes: ["${name}: the change".toString()]]
        if (name == 'smDiagnose') {
            result.scenario = diagnosed
        }
        return result
    }

    protected Object nextAnswer(Map question) {
        String step = String.valueOf(question.id).replaceFirst(/-\d+$/, '')
        List scripted = answers[step]
        if (scripted) {
            Object answer = scripted.remove(0)
            if (answer instanceof Throwable) {
                throw (Throwable) answer
            }
            return answer instanceof Closure ? ((Closure) answer).call() : answer
        }
        if (approveEverything) {
            return approve("approver-${++autoApprovers}".toString())
        }
        throw new AssertionError("the pipeline asked a question the test did not expect: ${question.message}")
    }

    // The plugin's side of docs/pipeline-steps.md, as a test oracle.
    protected Map approvalPolicy(Map args) {
        Map gate = definition(runbookId).gates[args.gate]
        Set<String> approved = approvalsByGate.computeIfAbsent((String) args.gate) { [] as Set }
        Closure verdict = { boolean accepted, String reason -> [accepted: accepted, reason: reason, approvals: approved.size(), needed: gate.minApprovals] }
        if (args.approver in notAllowedToDecide) {
            return verdict(false, "${args.approver} started this run or is the alert identity and may not decide at gate ${args.gate}".toString())
        }
        if (args.decision == 'approved') {
            if (gate.commentRequired && !args.comment) {
                return verdict(false, 'a comment is required')
            }
            if (!approved.add(args.approver) && !pluginAcceptsRepeatedApprover) {
                return verdict(false, "${args.approver} already approved".toString())
            }
        }
        return verdict(true, 'recorded')
    }

    /** The plugin's smIncidentState: a resolution counts until the run's first changing step began. */
    protected Map incidentState(Map args) {
        assert args.changing in ['true', 'false']: "changing is passed as text: ${args.changing}"
        boolean resolved = alertResolvedAt != null && !runChanged
        if (!resolved && args.changing == 'true') {
            runChanged = true
        }
        return resolved ? [resolved: true, resolvedAt: alertResolvedAt,
                           message: "alert ApplicationDown resolved at ${alertResolvedAt}: remediation cancelled before step ${args.step}; nothing was changed".toString()]
                : [resolved: false, resolvedAt: '', message: 'alert ApplicationDown has not resolved; the run goes on']
    }

    /** The plugin's smUntilAlertResolves: an answer scripted as {@link AlertResolvesNow} resolves the alert during the question. */
    protected Map untilAlertResolves(Closure question) {
        if (alertResolvedAt != null && !runChanged) {
            return [resolved: true, value: null]
        }
        try {
            return [resolved: false, value: question()]
        } catch (AlertResolvesNow resolves) {
            alertResolvedAt = RESOLVED_AT
            return [resolved: true, value: null]
        }
    }

    /** Scripted as an answer: the alert resolves while this question waits (only a watched question can be woken). */
    static class AlertResolvesNow extends RuntimeException {
        AlertResolvesNow() {
            super('the alert resolved while the question waited, but nothing watched for it')
        }
    }

    protected String jenkinsResult() {
        String ending = thrown == null ? 'SUCCESS' : thrown instanceof FlowInterruptedException ? 'ABORTED' : 'FAILURE'
        return currentBuild().worst(ending)
    }
}
