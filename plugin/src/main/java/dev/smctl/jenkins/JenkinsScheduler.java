package dev.smctl.jenkins;

import dev.smctl.alerts.AlertCause;
import dev.smctl.alerts.RemediationRequest;
import dev.smctl.alerts.RemediationScheduler;
import dev.smctl.engine.Unavailable;
import dev.smctl.jenkins.work.AlertBuild;
import dev.smctl.jenkins.work.RunsByIncident;
import hudson.model.CauseAction;
import hudson.model.Job;
import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Queue;
import hudson.model.StringParameterValue;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the runbook job the seed made for a routed alert ({@code runbooks/P0-01}): its parameters from the alert,
 * the alert as the build's cause (so the build, its records and its gates name the alert, never SYSTEM), at most
 * once per incident on this controller. The webhook request is anonymous, so the job is found and queued as the
 * system, after core has checked the token.
 */
final class JenkinsScheduler implements RemediationScheduler {
    private final RunsByIncident<Queue.Item> started;

    JenkinsScheduler(RunsByIncident<Queue.Item> started) {
        this.started = started;
    }

    @Override
    public String schedule(RemediationRequest request) {
        Queue.Item item = started.startOnce(request.correlationId(), () -> enqueue(request));
        return "queue item %d of %s".formatted(item.getId(), AlertBuild.jobName(request.runbook()));
    }

    private static Queue.Item enqueue(RemediationRequest request) {
        String name = AlertBuild.jobName(request.runbook());
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Job<?, ?> job = Jenkins.get().getItemByFullName(name, Job.class);
            if (job == null) {
                throw new Unavailable("there is no job %s: run the seed job (resources/jenkins/runbookJobs.groovy), then Alertmanager's retry starts it"
                        .formatted(name), null);
            }
            ParametersDefinitionProperty property = job.getProperty(ParametersDefinitionProperty.class);
            List<ParameterDefinition> definitions = property == null ? List.of() : property.getParameterDefinitions();
            AlertBuild build = AlertBuild.of(definitions.stream().map(ParameterDefinition::getName).toList(), request);
            List<ParameterValue> values = new ArrayList<>();
            for (ParameterDefinition definition : definitions) {
                String given = build.given().get(definition.getName());
                ParameterValue value = given == null ? definition.getDefaultParameterValue() : new StringParameterValue(definition.getName(), given);
                if (value != null) {
                    values.add(value);
                }
            }
            build.extra().forEach((parameter, value) -> values.add(new StringParameterValue(parameter, value)));
            Queue.Item item = ParameterizedJobMixIn.scheduleBuild2(job, 0,
                    new CauseAction(new AlertmanagerCause(request.cause().alertname(), request.cause().fingerprint(),
                            request.cause().startsAt().toString())),
                    new ParametersAction(values, build.extra().keySet()));
            if (item == null) {
                throw new Unavailable("job %s did not take the build (disabled?): enable it, then Alertmanager's retry starts it".formatted(name), null);
            }
            return item;
        }
    }

    /**
     * Never touches Jenkins' queue or executors: a queue item's future cancels the first queued build of its job,
     * which may be another incident's, and interrupting a build could stop a step halfway through a change. The
     * run stops itself instead: a run that has changed nothing ends at its next {@code smIncidentState} (it checks
     * when it starts, so a run still queued ends before its first step), and one waiting at a gate is woken now
     * ({@code smUntilAlertResolves}, which cancels only its own block, the question). Cancelled when the run will
     * change nothing; left to finish when it began changing things; and when it has not reported to this
     * controller (after a restart), the record says it reads the resolution from the cluster at its next check.
     */
    @Override
    public String cancelWaiting(String correlationId, AlertCause cause) {
        return started.resolve(correlationId, Clock.systemUTC().instant().toString());
    }
}
