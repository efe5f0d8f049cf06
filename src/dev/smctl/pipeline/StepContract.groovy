package dev.smctl.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * docs/pipeline-steps.md as data: which plugin step runs each runbook action, which arguments it takes and the rule
 * each value must pass. A definition's {@code with:} values are strings with {@code ${parameter}} placeholders; here
 * they become the typed arguments the step binds (numbers, booleans, lists, maps), checked first.
 */
class StepContract implements Serializable {
    private static final long serialVersionUID = 1L

    /**
     * action -> [step: plugin step, args: argument -> kind]; the kinds are the cases of {@link #convert}. The argument
     * names are exactly core's StepActions.ARGUMENTS, which RunbookLoader checks the definitions against.
     */
    static final Map<String, Map> ACTIONS = [
            'diagnose'         : [step: 'smDiagnose', args: [deployment: 'subdomain', logLines: 'positive']],
            'top'              : [step: 'smTop', args: [order: 'order']],
            'rollback'         : [step: 'smRollback', args: [deployment: 'subdomain', toRevision: 'count', healthUrl: 'url']],
            'pod-delete'       : [step: 'smPodDelete', args: [pod: 'subdomain']],
            'bluegreen-switch' : [step: 'smBlueGreenSwitch', args: [service: 'label', to: 'label', healthUrl: 'url']],
            'scale'            : [step: 'smScale', args: [workload: 'workload', replicas: 'count', restorePrevious: 'boolean']],
            'restart'          : [step: 'smRestart', args: [deployment: 'subdomain']],
            'ingress-annotate' : [step: 'smIngressAnnotate', args: [ingress: 'subdomain', annotation: 'annotation']],
            'maintenance'      : [step: 'smMaintenance', args: [service: 'label', mode: 'onOff']],
            'backup-job'       : [step: 'smBackupJob', args: [cronJob: 'subdomain']],
            'health-check'     : [step: 'smHealthCheck', args: [url: 'url']],
            'db-read-only'     : [step: 'smReadOnly', args: [database: 'sql', mode: 'onOff']],
            'db-restore'       : [step: 'smRestoreDb', args: [database: 'sql', backup: 'backup', before: 'instant', expectTables: 'sqlList',
                                                           verifySql: 'line', migration: 'argv']],
            'db-backup'        : [step: 'smBackupNow', args: [database: 'sql']],
            'db-kill-queries'  : [step: 'smKillQueries', args: [olderThan: 'duration', protectedRoles: 'sqlList']],
            'db-slow-queries'  : [step: 'smSlowQueries', args: [limit: 'positive']],
            'db-counts'        : [step: 'smTableCounts', args: [database: 'sql', tables: 'sqlList']],
            'db-health'        : [step: 'smDatabaseHealth', args: [database: 'sql']],
            'forensics-capture': [step: 'smCaptureForensics', args: [database: 'sql', pods: 'label']],
            'sessions-revoke'  : [step: 'smRevokeSessions', args: [database: 'sql', tables: 'sqlList']],
            'users-force-2fa'  : [step: 'smForce2fa', args: [database: 'sql']],
            'secrets-rotate'   : [step: 'smRotateSecrets', args: [kind: 'secretKind', secret: 'subdomain', role: 'sql', deployment: 'subdomain',
                                                               database: 'sql']],
            'cache-stats'      : [step: 'smCacheStats', args: [:]],
            'cache-flush'      : [step: 'smFlushCache', args: [db: 'redisDb']],
    ]

    /**
     * Arguments that become a command to run: written in the definition (reviewed, versioned), never filled from a
     * parameter, which a job's user or an alert's labels control (core's StepActions.COMMANDS).
     */
    static final List<String> COMMANDS = ['migration']

    /** Set by the library for every step; a definition cannot override them. */
    static final List<String> OWN = ['namespace', 'reason', 'dryRun', 'failOnError']

    /** Actions that only read (core's StepActions.READ_ONLY): they run without a lock, so an investigation never waits behind a restore. */
    static final List<String> READ_ONLY = ['diagnose', 'top', 'health-check', 'db-slow-queries', 'db-counts', 'db-health', 'forensics-capture', 'cache-stats']

    /** The Secret each kind of secrets-rotate changes when the step names none (core's SecretKind). */
    static final Map<String, String> DEFAULT_SECRET = ['db-password': 'backend-database', jwt: 'backend-jwt', 'api-keys': 'backend-api-keys',
                                                       'encryption-key': 'backend-encryption']

    private static final int LINE_MAX = 1000
    private static final String PLACEHOLDER = /\$\{([^}]*)}/

    /** The plugin step that runs the action. */
    @NonCPS
    static String stepFor(String action) {
        Map entry = ACTIONS[action]
        if (entry == null) {
            throw new InvalidInput("action ${Names.quote(action)} has no Pipeline step; known: ${ACTIONS.keySet().sort().join(', ')} (docs/pipeline-steps.md)")
        }
        return entry.step
    }

    /** The argument names of the definition's {@code with:} that the step does not take (empty when all fit). */
    @NonCPS
    static List<String> unknownArguments(String action, Map with) {
        Map kinds = ACTIONS[action].args
        return (with ?: [:]).keySet().findAll { !kinds.containsKey(it) }.collect { String.valueOf(it) }
    }

    /** The names of the build parameters the {@code ${...}} placeholders in a value refer to. */
    @NonCPS
    static List<String> placeholders(String value) {
        return value == null ? [] : value.findAll(PLACEHOLDER) { String all, String parameter -> parameter }
    }

    /**
     * The step's arguments: each {@code with:} value with its placeholders replaced by the run's values and checked
     * by its kind. The step gets the text, as the definition writes it: the plugin's steps bind Strings (numbers, lists
     * and argv are parsed there, by the engine's rules), and Jenkins would refuse an Integer or a List for them. A
     * value that is empty after replacement (an optional parameter left blank) is left out, so the step uses its own
     * default.
     */
    @NonCPS
    static Map<String, Object> arguments(String action, Map with, Map<String, Object> values) {
        Map kinds = ACTIONS[action].args
        Map<String, Object> result = [:]
        (with ?: [:]).each { key, raw ->
            String name = String.valueOf(key)
            String text = String.valueOf(raw).replaceAll(PLACEHOLDER) { String all, String parameter ->
                values[parameter] == null ? '' : String.valueOf(values[parameter])
            }
            if (!text.trim().isEmpty()) {
                convert((String) kinds[name], text.trim(), "${stepFor(action)} argument ${name}")
                result[name] = text.trim()
            }
        }
        return result
    }

    /**
     * The lock a step takes while it changes its target ({@code null} for actions that only read): one Lockable
     * Resource per namespace and object, so two runs never change the same object at once.
     */
    @NonCPS
    static String lockResource(String action, Map<String, Object> args, String namespace) {
        if (action in READ_ONLY) {
            return null
        }
        String target
        if (action == 'secrets-rotate') {
            // Before deployment: the step changes the Secret; the deployment only names a reader to check.
            target = "secret/${args.secret ?: DEFAULT_SECRET[args.kind]}"
        } else if (args.workload) {
            target = args.workload
        } else if (args.deployment) {
            target = "deployment/${args.deployment}"
        } else if (args.pod) {
            target = "pod/${args.pod}"
        } else if (args.service) {
            target = "service/${args.service}"
        } else if (args.ingress) {
            target = "ingress/${args.ingress}"
        } else if (args.cronJob) {
            target = "cronjob/${args.cronJob}"
        } else if (action.startsWith('cache-')) {
            target = 'redis/(configured)'
        } else {
            // Database actions, and sessions/2FA which change the application database.
            target = "database/${args.database ?: '(configured)'}"
        }
        return "smctl/${namespace ?: '(configured)'}/${target}"
    }

    /**
     * The evidence directory a step reports ({@code smCaptureForensics}), checked to lie inside the workspace so
     * {@code archiveArtifacts} can take it; {@code null} when the step reports none.
     */
    @NonCPS
    static String evidenceDir(Map result) {
        String dir = result?.evidenceDir == null ? null : String.valueOf(result.evidenceDir)
        if (dir == null || dir.isEmpty()) {
            return null
        }
        if (dir.startsWith('/') || dir.contains('\\') || dir.tokenize('/').contains('..') || !(dir ==~ /[A-Za-z0-9._\/-]+/)) {
            throw new InvalidInput("evidence directory ${Names.quote(dir)} is not a relative path inside the workspace; it cannot be archived")
        }
        return dir.endsWith('/') ? dir.substring(0, dir.length() - 1) : dir
    }

    // One case per kind of ACTIONS.
    @NonCPS
    private static Object convert(String kind, String text, String what) {
        switch (kind) {
            case 'label': return Names.requireLabel(text, what)
            case 'subdomain': return Names.requireSubdomain(text, what)
            case 'sql': return Names.requireSqlIdentifier(text, what)
            case 'sqlList': return list(text).collect { Names.requireSqlIdentifier(it, what) }
            case 'workload': return Names.requireWorkload(text, what)
            case 'count': return Names.requireInteger(text, what, 0, null)
            case 'positive': return Names.requireInteger(text, what, 1, null)
            case 'redisDb': return Names.requireInteger(text, what, 0, 15)
            case 'boolean': return Names.requireBoolean(text, what)
            case 'duration': return Names.requireDuration(text, what)
            case 'instant': return Names.requireInstant(text, what)
            case 'url': return Names.requireUrl(text, what)
            case 'onOff': return Names.requireChoice(text, ['on', 'off'], what)
            case 'order': return Names.requireChoice(text, ['cpu', 'memory'], what)
            case 'secretKind': return Names.requireChoice(text, ['db-password', 'jwt', 'api-keys', 'encryption-key'], what)
            case 'backup': return text == 'latest' ? text : requirePattern(text, /[A-Za-z0-9][A-Za-z0-9._:-]{0,254}/, what, "'latest' or a backup id")
            case 'annotation': return annotation(text, what)
            case 'line': return Names.requireOneLine(text, LINE_MAX, what)
            case 'argv': return text.split(/\s+/).findAll { !it.isEmpty() }.collect { Names.requireOneLine(it, LINE_MAX, what) }
            default: throw new IllegalStateException("no rule for argument kind ${kind} (${what})")
        }
    }

    @NonCPS
    private static List<String> list(String text) {
        return text.split(',').collect { it.trim() }.findAll { !it.isEmpty() }
    }

    @NonCPS
    private static String requirePattern(String text, String pattern, String what, String expected) {
        if (!(text ==~ pattern)) {
            throw new InvalidInput("${what} ${Names.quote(text)} is not ${expected}")
        }
        return text
    }

    // "KEY=VALUE" sets an annotation, "KEY-" removes it (as kubectl annotate); the plugin checks the key against its allowlist.
    @NonCPS
    private static String annotation(String text, String what) {
        boolean removes = !text.contains('=') && text.endsWith('-')
        int equals = text.indexOf('=')
        if (!removes && equals < 1) {
            throw new InvalidInput("${what} ${Names.quote(text)} is not KEY=VALUE or KEY-")
        }
        String key = removes ? text.substring(0, text.length() - 1) : text.substring(0, equals)
        requirePattern(key, /([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?/, what, 'an annotation key')
        return Names.requireOneLine(text, LINE_MAX, what)
    }
}
