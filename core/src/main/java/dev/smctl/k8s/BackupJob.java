package dev.smctl.k8s;

import dev.smctl.engine.Waiter;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Conflict;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backup now (P2-01): a Job from a CronJob with {@code kubectl create job --from=cronjob/NAME}'s semantics
 * (the job template's labels, annotations and spec, an {@code instantiate: manual} annotation and a controller
 * owner reference without blockOwnerDeletion), followed to completion within a bound, with its logs.
 */
public final class BackupJob implements Action<BackupJob.Plan> {
    static final String INSTANTIATE = "cronjob.kubernetes.io/instantiate";

    public record Plan(String summary, Job job, List<Change> changes, Map<String, Object> before, Optional<String> skipReason,
                       String undo) implements dev.smctl.engine.Plan {
    }

    private final KubernetesClient client;
    private final Target cronJob;
    private final String jobName;
    private final Duration timeout;
    private final int logLines;
    private final Waiter waiter;

    /** @param jobName the Job's name, or {@code null} for {@code <cronjob>-manual-<time>} */
    public BackupJob(KubernetesClient client, Target cronJob, String jobName, Duration timeout, int logLines, Waiter waiter, Instant now) {
        this.client = client;
        this.cronJob = cronJob;
        this.jobName = jobName != null ? Names.requireLabel(jobName, "job name") : defaultName(cronJob.name(), now);
        this.timeout = timeout;
        this.logLines = logLines;
        this.waiter = waiter;
    }

    /** Job names end up in the {@code job-name} label, so they must fit a label value (63 characters). */
    static String defaultName(String cronJob, Instant now) {
        String suffix = "-manual-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
        String base = cronJob.length() + suffix.length() > 63 ? cronJob.substring(0, 63 - suffix.length()).replaceAll("-+$", "") : cronJob;
        return base + suffix;
    }

    @Override
    public String name() {
        return "backup-job";
    }

    @Override
    public Target target() {
        return cronJob;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("job", jobName, "timeout", timeout.toString());
    }

    @Override
    public Plan plan() {
        CronJob source = Lookups.require(client, CronJob.class, cronJob);
        var template = source.getSpec().getJobTemplate();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(INSTANTIATE, "manual");
        if (template.getMetadata() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
        }
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName(jobName)
                .withNamespace(cronJob.namespace())
                .withAnnotations(annotations)
                .withLabels(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                        .withName(source.getMetadata().getName()).withUid(source.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(Serialization.clone(template.getSpec()))
                .build();
        return new Plan("create job %s/%s from cronjob/%s and follow it".formatted(cronJob.namespace(), jobName, cronJob.name()), job,
                List.of(new Change("/jobs/" + jobName, null, "created from cronjob/" + cronJob.name())),
                Map.of("lastScheduleTime", String.valueOf(source.getStatus() == null ? null : source.getStatus().getLastScheduleTime())),
                Optional.empty(), "nothing to undo; remove the finished job with 'kubectl delete job %s -n %s'".formatted(jobName, cronJob.namespace()));
    }

    @Override
    public Map<String, Object> execute(Plan plan, Progress progress) {
        try {
            Job created = client.batch().v1().jobs().inNamespace(cronJob.namespace()).resource(plan.job()).create();
            progress.report("execute", "created job " + jobName);
            return Map.of("job", jobName, "uid", created.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new Conflict("job %s already exists".formatted(jobName));
            }
            throw e;
        }
    }

    @Override
    public Verification verify(Plan plan, Progress progress) {
        Verification done = waiter.until("job " + jobName + " to finish", waiter.clock().instant().plus(timeout), this::observe, progress);
        List<String> logs = logs();
        Map<String, Object> observed = new LinkedHashMap<>(done.observed());
        observed.put("logs", logs);
        String tail = logs.isEmpty() ? "no log lines" : "last log line: " + logs.get(logs.size() - 1);
        return new Verification(done.passed(), done.message() + "; " + tail, observed);
    }

    private Waiter.Observation observe() {
        Job job = client.batch().v1().jobs().inNamespace(cronJob.namespace()).withName(jobName).get();
        if (job == null) {
            return Waiter.Observation.failed("job %s was deleted while running".formatted(jobName), Map.of());
        }
        var status = job.getStatus();
        int succeeded = status == null || status.getSucceeded() == null ? 0 : status.getSucceeded();
        int failed = status == null || status.getFailed() == null ? 0 : status.getFailed();
        Map<String, Object> observed = Map.of("succeeded", succeeded, "failed", failed);
        boolean failedCondition = status != null && status.getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
        if (failedCondition) {
            return Waiter.Observation.failed("job %s failed (%d failed pods); its logs say why, and the backup is NOT taken".formatted(jobName, failed), observed);
        }
        return succeeded > 0 ? Waiter.Observation.done("job %s completed".formatted(jobName), observed)
                : Waiter.Observation.waiting("job %s running (%d failed attempts)".formatted(jobName, failed), observed);
    }

    private List<String> logs() {
        List<String> lines = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(cronJob.namespace()).withLabel("job-name", jobName).list().getItems()) {
            String log = client.pods().inNamespace(cronJob.namespace()).withName(pod.getMetadata().getName()).tailingLines(logLines).getLog();
            log.lines().forEach(line -> lines.add(pod.getMetadata().getName() + ": " + line));
        }
        return lines;
    }
}
