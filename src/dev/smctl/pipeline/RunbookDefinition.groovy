package dev.smctl.pipeline

import com.cloudbees.groovy.cps.NonCPS

import java.util.regex.Matcher

/**
 * One runbook definition (resources/smctl/runbooks/ID.yaml) as the pipeline uses it: the build parameters it
 * declares, its ordered steps with their conditions and gates, and the rules that turn build parameters into checked
 * step arguments. Core's RunbookLoader validates the same files in the Maven build; this class checks again what the
 * pipeline relies on, so a broken definition stops the build before any stage.
 */
class RunbookDefinition implements Serializable {
    private static final long serialVersionUID = 1L
    private static final String ID = /P[0-3]-\d{2}/
    private static final String NAME = /[a-z][A-Za-z0-9]*/
    private static final String WHEN = /\s*([a-z][A-Za-z0-9]*)\s*(==|!=)\s*"?([^"\s]+)"?\s*/
    private static final int TEXT_MAX = 500

    /** Parameters every runbook job has besides its definition's. */
    static final String DRY_RUN = 'dryRun'
    static final String INCIDENT = 'incident'

    /** The value of P0-01's scenario that lets the diagnose step choose ("diagnose picks"). */
    static final String DIAGNOSE = 'diagnose'

    final String id
    final String title
    final List<Map> parameters
    final List<Map> steps
    final Map<String, Map> gates

    private RunbookDefinition(String id, String title, List<Map> parameters, List<Map> steps, Map<String, Map> gates) {
        this.id = id
        this.title = title
        this.parameters = parameters
        this.steps = steps
        this.gates = gates
    }

    /** Where libraryResource finds the definition; the id is checked first, so it cannot name another file. */
    @NonCPS
    static String resourcePath(String id) {
        if (id == null || !(id ==~ ID)) {
            throw new InvalidInput("runbook id ${Names.quote(id)} is not like P0-01; see resources/smctl/runbooks/index.txt")
        }
        return "smctl/runbooks/${id}.yaml"
    }

    /** The definition read by readYaml, checked; every mistake names the file and what to fix. */
    @NonCPS
    static RunbookDefinition parse(String id, Object yaml) {
        String file = resourcePath(id)
        if (!(yaml instanceof Map) || yaml.id != id) {
            throw new InvalidInput("${file}: the file does not define runbook ${id}")
        }
        List<Map> parameters = (yaml.parameters ?: []).collect { Object p -> parseParameter(file, p) }
        Set<String> names = [] as Set
        parameters.each { Map p ->
            check(names.add(p.name) && !(p.name in [DRY_RUN, INCIDENT]), file, "parameter ${p.name} is declared twice or is one the library adds (${DRY_RUN}, ${INCIDENT})")
        }
        Map<String, Map> gates = [:]
        (yaml.gates ?: [:]).each { Object name, Object gate -> gates[String.valueOf(name)] = parseGate(file, String.valueOf(name), gate) }
        List<Map> steps = (yaml.steps ?: []).collect { Object s -> parseStep(file, s, names, gates) }
        check(!steps.isEmpty(), file, 'a runbook has at least one step')
        Set<String> ids = [] as Set
        steps.each { Map s -> check(ids.add(s.id), file, "step id ${s.id} is used twice") }
        return new RunbookDefinition(id, Names.oneLine(String.valueOf(yaml.title ?: id), 120), parameters, steps, gates)
    }

    /**
     * The job's build parameters, as plain maps ({@code kind} is choice, string or boolean); a choice lists its
     * default first because Jenkins offers the first choice by default.
     */
    @NonCPS
    List<Map> parameterSpecs() {
        List<Map> specs = parameters.collect { Map p ->
            String description = Names.oneLine("${p.description ?: p.name} (${p.type}${p.required ? ', required' : ''})", TEXT_MAX)
            if (p.type == 'choice') {
                List<String> choices = p.defaultValue == null ? p.choices : [p.defaultValue] + (p.choices - [p.defaultValue])
                return [kind: 'choice', name: p.name, choices: choices, description: description]
            }
            return [kind: 'string', name: p.name, defaultValue: p.defaultValue ?: '', description: description]
        }
        specs << [kind: 'boolean', name: DRY_RUN, defaultValue: false,
                  description: 'Plan only: every step shows what it would change and changes nothing; no approval is asked.']
        specs << [kind: 'string', name: INCIDENT, defaultValue: '',
                  description: 'Incident reference for the build name and the records, e.g. INC-4711 (optional).']
        return specs
    }

    /**
     * True when the job does not have the definition's parameters yet (its first build, or the first after the
     * definition gained all of them): Jenkins only offers parameters from the build after {@code properties}, so this
     * build's values are not the operator's or the alert's.
     */
    @NonCPS
    boolean lacksParameters(Map params) {
        return !parameters.isEmpty() && parameters.every { Map p -> params == null || !params.containsKey(p.name) }
    }

    /** The run's values: each parameter checked by its type, defaults filled, plus dryRun and incident. */
    @NonCPS
    Map<String, Object> values(Map params) {
        Map<String, Object> values = [:]
        parameters.each { Map p ->
            Object given = params?.get(p.name)
            String text = given == null || String.valueOf(given).trim().isEmpty() ? p.defaultValue : String.valueOf(given).trim()
            if (text == null) {
                if (p.required) {
                    throw new InvalidInput("parameter ${p.name} is required: ${p.description ?: p.type}")
                }
                values[p.name] = null
            } else {
                values[p.name] = value(p, text)
            }
        }
        values[DRY_RUN] = Names.requireBoolean(params?.get(DRY_RUN) == null ? false : params.get(DRY_RUN), "parameter ${DRY_RUN}")
        String incident = params?.get(INCIDENT) == null ? '' : String.valueOf(params.get(INCIDENT)).trim()
        if (!incident.isEmpty() && !(incident ==~ /[A-Za-z0-9][A-Za-z0-9 ._:#\/-]{0,79}/)) {
            throw new InvalidInput("parameter ${INCIDENT} ${Names.quote(incident)} is not a reference: use letters, digits, spaces and . _ : # / -, at most 80 characters")
        }
        values[INCIDENT] = incident
        return values
    }

    /**
     * Every step as it will run: its plugin step, its checked arguments (with namespace, reason and dryRun), the
     * lock it takes and the milestone ordinals of its gate and its action. Computed before the first stage, so a bad
     * argument stops the build before anything changes.
     */
    @NonCPS
    List<Map> plan(Map<String, Object> values, String description) {
        List<Map> plan = []
        steps.eachWithIndex { Map s, int index ->
            String what = "${id} step ${s.id}"
            Map<String, Object> args
            try {
                args = StepContract.arguments(s.action, s.with, values)
            } catch (InvalidInput invalid) {
                throw new InvalidInput("${what}: ${invalid.message}")
            }
            if (values.namespace != null) {
                args.namespace = values.namespace
            }
            args.reason = Names.oneLine("${id} step ${s.id}: ${description}", TEXT_MAX)
            args.dryRun = values[DRY_RUN]
            plan << [id: s.id, action: s.action, step: StepContract.stepFor(s.action), when: s.when, gate: s.gate,
                     arguments: args, lock: StepContract.lockResource(s.action, args, (String) values.namespace),
                     gateMilestone: 2 * index + 1, milestone: 2 * index + 2]
        }
        return plan
    }

    /** Why the step does not run ({@code null} when its {@code when:} holds or it has none). */
    @NonCPS
    String skipReason(Map step, Map facts) {
        if (!step.when) {
            return null
        }
        List<String> parts = condition((String) step.when)
        String actual = facts[parts[0]] == null ? '' : String.valueOf(facts[parts[0]])
        boolean holds = parts[1] == '==' ? actual == parts[2] : actual != parts[2]
        return holds ? null : "when '${step.when}' does not hold (${parts[0]} is ${actual ?: '(empty)'})"
    }

    /**
     * What the run knows after a step: a {@code scenario} left to {@code diagnose} takes the scenario the diagnose
     * step found (A, B, C or unknown), so P0-01's branches follow the diagnosis.
     */
    @NonCPS
    Map learn(Map step, Map result, Map facts) {
        if (step.action == 'diagnose' && facts.scenario == DIAGNOSE && result?.scenario) {
            return facts + [scenario: Names.oneLine(String.valueOf(result.scenario), 40)]
        }
        return facts
    }

    /** A message when the diagnosis could not choose a branch, so the run did nothing and needs a person. */
    @NonCPS
    String undecided(Map values, Map facts) {
        if (values.scenario == DIAGNOSE && !(facts.scenario in parameters.find { it.name == 'scenario' }.choices - [DIAGNOSE])) {
            return "the diagnosis found no scenario it knows (${facts.scenario}); nothing was changed. " +
                    'Read the diagnose stage and run again with scenario A, B or C.'
        }
        return null
    }

    /** The gate's definition: approvers, minApprovals, expires (with expiresSeconds), commentRequired. */
    @NonCPS
    Map gate(String name) {
        return gates[name]
    }

    @NonCPS
    private static Map parseParameter(String file, Object raw) {
        check(raw instanceof Map, file, "a parameter is not a map: ${Names.quote(String.valueOf(raw))}")
        Map p = (Map) raw
        String name = String.valueOf(p.name)
        check(name ==~ NAME, file, "parameter name ${Names.quote(name)} is not a camelCase word")
        String type = String.valueOf(p.type)
        check(type in ['dns-label', 'sql-name', 'string', 'integer', 'duration', 'time', 'url', 'choice'], file, "parameter ${name} has unknown type ${Names.quote(type)}")
        String defaultValue = p['default'] == null ? null : String.valueOf(p['default'])
        Map result = [name: name, type: type, defaultValue: defaultValue,
                      required: p.required == null ? defaultValue == null : Names.requireBoolean(p.required, "${file}: parameter ${name} required"),
                      choices: (p.choices ?: []).collect { String.valueOf(it) },
                      min: p.min == null ? null : Names.requireInteger(String.valueOf(p.min), "${file}: parameter ${name} min", null, null),
                      max: p.max == null ? null : Names.requireInteger(String.valueOf(p.max), "${file}: parameter ${name} max", null, null),
                      description: p.description == null ? null : Names.oneLine(String.valueOf(p.description), TEXT_MAX)]
        check(type != 'choice' || !result.choices.isEmpty(), file, "choice parameter ${name} lists no choices")
        if (defaultValue != null) {
            try {
                value(result, defaultValue)
            } catch (InvalidInput invalid) {
                throw new InvalidInput("${file}: the default of ${invalid.message}")
            }
        }
        return result
    }

    @NonCPS
    private static Map parseGate(String file, String name, Object raw) {
        check(raw instanceof Map, file, "gate ${name} is not a map")
        Map g = (Map) raw
        List<String> approvers = (g.approvers ?: []).collect { Names.requireId(String.valueOf(it), "${file}: gate ${name} approver") }
        check(!approvers.isEmpty(), file, "gate ${name} names no approvers")
        int minApprovals = Names.requireInteger(String.valueOf(g.minApprovals ?: 1), "${file}: gate ${name} minApprovals", 1, 10)
        String expires = Names.requireDuration(g.expires == null ? null : String.valueOf(g.expires), "${file}: gate ${name} expires")
        boolean commentRequired = g.commentRequired == null ? false : Names.requireBoolean(g.commentRequired, "${file}: gate ${name} commentRequired")
        return [name: name, approvers: approvers, minApprovals: minApprovals, expires: expires,
                expiresSeconds: Math.toIntExact(Names.seconds(expires, name)), commentRequired: commentRequired]
    }

    @NonCPS
    private static Map parseStep(String file, Object raw, Set<String> parameters, Map<String, Map> gates) {
        check(raw instanceof Map, file, "a step is not a map: ${Names.quote(String.valueOf(raw))}")
        Map s = (Map) raw
        String id = String.valueOf(s.id)
        check(id ==~ /[a-z0-9][a-z0-9-]{0,39}/, file, "step id ${Names.quote(id)} is not lower-case words joined by '-'")
        String action = String.valueOf(s.action)
        check(StepContract.ACTIONS.containsKey(action), file, "step ${id} names action ${Names.quote(action)}, which has no Pipeline step; " +
                "known: ${StepContract.ACTIONS.keySet().sort().join(', ')} (docs/pipeline-steps.md)")
        Map<String, String> with = [:]
        (s['with'] ?: [:]).each { Object key, Object value -> with[String.valueOf(key)] = value == null ? '' : String.valueOf(value) }
        List<String> own = with.keySet().findAll { it in StepContract.OWN }.toList()
        check(own.isEmpty(), file, "step ${id}: ${own.join(', ')} is set by the library from the build, not by the definition")
        List<String> unknown = StepContract.unknownArguments(action, with)
        check(unknown.isEmpty(), file, "step ${id}: ${StepContract.stepFor(action)} takes no argument ${unknown.join(', ')}; " +
                "it takes ${StepContract.ACTIONS[action].args.keySet().join(', ') ?: 'none'} (docs/pipeline-steps.md)")
        List<String> filled = StepContract.COMMANDS.findAll { String command -> StepContract.placeholders(with[command]) }
        check(filled.isEmpty(), file, "step ${id}: ${filled.join(', ')} is a command and must be written in the definition, not filled from a parameter")
        with.values().each { String value ->
            StepContract.placeholders(value).each { String name ->
                check(name in parameters, file, "step ${id} uses \${${name}}, which is not a parameter")
            }
        }
        String when = s.when == null ? null : String.valueOf(s.when)
        if (when != null) {
            List<String> parts = condition(when)
            check(parts != null && parts[0] in parameters, file, "step ${id}: when ${Names.quote(when)} is not 'PARAMETER == VALUE' (or !=) on a parameter")
        }
        String gate = s.gate == null ? null : String.valueOf(s.gate)
        check(gate == null || gates.containsKey(gate), file, "step ${id} names gate ${gate}, which is not defined")
        return [id: id, action: action, with: with, when: when, gate: gate]
    }

    /** [parameter, operator, value] of a {@code when:} condition, or null when it does not parse. */
    @NonCPS
    private static List<String> condition(String when) {
        Matcher matcher = when =~ WHEN
        return matcher.matches() ? [matcher.group(1), matcher.group(2), matcher.group(3)] : null
    }

    @NonCPS
    private static Object value(Map p, String text) {
        String what = "parameter ${p.name}"
        switch (p.type) {
            case 'dns-label': return Names.requireLabel(text, what)
            case 'sql-name': return Names.requireSqlIdentifier(text, what)
            case 'integer': return String.valueOf(Names.requireInteger(text, what, (Integer) p.min, (Integer) p.max))
            case 'duration': return Names.requireDuration(text, what)
            case 'time': return Names.requireInstant(text, what)
            case 'url': return Names.requireUrl(text, what)
            case 'choice': return Names.requireChoice(text, (List<String>) p.choices, what)
            default:
                return Names.requireOneLine(text, TEXT_MAX, what)
        }
    }

    @NonCPS
    private static void check(boolean ok, String file, String reason) {
        if (!ok) {
            throw new InvalidInput("${file}: ${reason}")
        }
    }
}
