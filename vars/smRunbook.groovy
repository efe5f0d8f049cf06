import dev.smctl.pipeline.AlertResolved
import dev.smctl.pipeline.BuildLabel
import dev.smctl.pipeline.GateClosed
import dev.smctl.pipeline.InvalidInput
import dev.smctl.pipeline.RunbookDefinition
import dev.smctl.pipeline.StepContract

/**
 * Runs the runbook definition resources/smctl/runbooks/ID.yaml as this build: its parameters become the job's,
 * each step a stage, each gate one approval before the first step that names it, each changing step a lock on its
 * target; the audit log, post-mortem draft and report are archived whatever happens. Until its first changing step
 * the run asks the plugin, before each step and around each gate question, whether the alert that started it has
 * resolved (smIncidentState): if it has, the run ends there, having changed nothing.
 */
void call(String id, Map options = [:]) {
    Map settings = [
            agent: '',   // label of the agents that run the steps and keep the records ('' = any); gates wait without one
    ] + options
    RunbookDefinition runbook
    Map values
    List<Map> plan
    try {
        runbook = RunbookDefinition.parse(id, readYaml(text: libraryResource(RunbookDefinition.resourcePath(id))))
        properties([parameters(jobParameters(runbook))])
        if (runbook.lacksParameters(params)) {
            currentBuild.result = 'NOT_BUILT'
            echo("${id}: this job had no parameters yet; they are defined now. Nothing ran: start the build again with its parameters.")
            return
        }
        values = runbook.values(params)
        String description = BuildLabel.description(runbook, values, BuildLabel.requester(currentBuild.getBuildCauses()))
        currentBuild.displayName = BuildLabel.displayName(currentBuild.number, id, values)
        currentBuild.description = description
        plan = runbook.plan(values, description)
    } catch (InvalidInput invalid) {
        error("${id}: ${invalid.message}; nothing ran")
    }
    try {
        runSteps(runbook, plan, values, (String) settings.agent)
    } catch (GateClosed closed) {
        // ABORTED either way; the description tells a rejection from an expiry in the build list.
        currentBuild.result = 'ABORTED'
        currentBuild.description = "${currentBuild.description}; ${closed.decision} at gate ${closed.gate}"
        echo(closed.message)
    } catch (AlertResolved resolved) {
        // Nothing changed and nobody stopped it: NOT_BUILT tells a remediation no longer needed from a refused or
        // aborted one (ABORTED) in the build list.
        currentBuild.result = 'NOT_BUILT'
        currentBuild.description = "${currentBuild.description}; ${resolved.message}"
        echo(resolved.message)
    } finally {
        archiveRecords(id, (String) settings.agent)
    }
}

private void runSteps(RunbookDefinition runbook, List<Map> plan, Map values, String agent) {
    Map facts = values
    Map<String, List<String>> approvedGates = [:]
    // Until a step changes something, a resolution of the alert that started the run ends it; afterwards the run
    // is left to finish (stopping a remediation halfway is worse).
    boolean changed = false
    for (Map step : plan) {
        stage(step.id) {
            String skip = runbook.skipReason(step, facts)
            if (skip != null) {
                echo("${step.id}: skipped, ${skip}")
                return
            }
            boolean changes = step.lock != null && !values.dryRun
            if (!changed) {
                // The first look covers the wait in the queue; the later ones, the time the earlier steps took.
                stopIfResolved(runbook.id, step.id, false)
            }
            if (step.gate != null && !values.dryRun) {
                List<String> earlier = approvedGates[step.gate]
                if (earlier == null) {
                    // The approvers see exactly what will change next: the step's own dry run, then the question.
                    Map preview = runOnAgent(step, step.arguments + [dryRun: true], agent)
                    milestone(ordinal: step.gateMilestone, label: "${step.id}: approval")
                    List<String> approvers = smApprovalGate(runbook: runbook.id, step: step.id, gate: runbook.gate(step.gate), plan: preview,
                            watchAlert: !changed)
                    approvedGates[step.gate] = approvers
                    echo("${step.id}: approved at gate ${step.gate} by ${approvers.join(', ')}")
                } else {
                    // As core's RunbookRun: an approved gate covers every later step that names it; another gate is another question.
                    echo("${step.id}: runs under gate ${step.gate}, approved earlier in this run by ${earlier.join(', ')}")
                }
            }
            // An older build that reaches this point after a newer one is aborted, so it cannot undo the newer one's work.
            milestone(ordinal: step.milestone, label: step.id)
            Map result = null
            if (step.lock == null) {
                result = runOnAgent(step, step.arguments, agent)
            } else {
                lock(resource: step.lock) {
                    if (!changed) {
                        // After the wait for the lock, the last look: from here on this run changes things.
                        stopIfResolved(runbook.id, step.id, changes)
                    }
                    result = runOnAgent(step, step.arguments, agent)
                }
            }
            changed = changed || changes
            facts = runbook.learn(step, result, facts)
        }
    }
    String undecided = runbook.undecided(values, facts)
    if (undecided != null) {
        currentBuild.result = 'UNSTABLE'
        echo("${runbook.id}: ${undecided}")
    }
}

/**
 * Ends the run (AlertResolved) when the alert that started it has resolved. {@code changing}: the step is the
 * run's first changing one, so a resolution the plugin has not seen by now leaves the run to finish.
 */
private void stopIfResolved(String runbook, String step, boolean changing) {
    AlertResolved.throwIfResolved(step, smIncidentState(runbook: runbook, step: step, changing: String.valueOf(changing)))
}

/** Runs the step's plugin step on an agent and archives the evidence it wrote there before the workspace is left. */
private Map runOnAgent(Map step, Map arguments, String agent) {
    Map result = null
    node(agent) {
        result = "${step.step}"(arguments)
        String evidence = StepContract.evidenceDir(result)
        if (evidence != null) {
            archiveArtifacts(artifacts: "${evidence}/**", fingerprint: true)
        }
    }
    echo("${step.id}: ${result?.status} ${result?.summary ?: result?.message ?: ''}")
    return result
}

/**
 * Writes the audit log, post-mortem draft and report and archives them with fingerprints. Runs in the finally of
 * every build that got past validation, so a failed, rejected or aborted run keeps its records; a failure here
 * marks the build failed without hiding the error that ended the run.
 */
private void archiveRecords(String id, String agent) {
    try {
        node(agent) {
            try {
                Map records = smWriteRecords(runbook: id)
                if (records?.auditVerified != true) {
                    currentBuild.result = 'FAILURE'
                    echo("${id}: the audit log does not verify; treat this run's records as tampered and keep the archived copy")
                }
            } finally {
                // Empty only when smWriteRecords failed, and then its own error is the one to report.
                archiveArtifacts(artifacts: 'smctl/**', fingerprint: true, allowEmptyArchive: true)
            }
        }
    } catch (InterruptedException interrupted) {
        throw interrupted
    } catch (Exception lost) {
        currentBuild.result = 'FAILURE'
        echo("${id}: the records could not be written or archived (${lost.message}); the audit log stays on the build's audit page")
    }
}

private List jobParameters(RunbookDefinition runbook) {
    List result = []
    for (Map spec : runbook.parameterSpecs()) {
        if (spec.kind == 'choice') {
            result << choice(name: spec.name, choices: spec.choices, description: spec.description)
        } else if (spec.kind == 'boolean') {
            result << booleanParam(name: spec.name, defaultValue: spec.defaultValue, description: spec.description)
        } else {
            result << string(name: spec.name, defaultValue: spec.defaultValue, description: spec.description, trim: true)
        }
    }
    return result
}
