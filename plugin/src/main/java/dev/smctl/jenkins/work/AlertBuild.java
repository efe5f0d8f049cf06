package dev.smctl.jenkins.work;

import dev.smctl.alerts.RemediationRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build an alert starts, in the job the seed creates for its runbook ({@code runbooks/P0-02}): the values of
 * the parameters the job defines, and the alert's own fields (correlation id, fingerprint, start time, ...), which
 * it does not define. Once a build is given any parameter Jenkins fills in no defaults, so a defined parameter the
 * alert does not set keeps the job's default; and Jenkins drops undefined parameters unless they are named as safe,
 * so the alert's fields are listed apart: they make every incident's build differ, which keeps Jenkins' queue
 * from folding two incidents into one build.
 *
 * @param given defined parameters the alert sets, with its values, in the job's order; the others keep their default
 * @param extra the alert's fields and any parameter the job does not define yet, to keep as safe parameters
 */
public record AlertBuild(LinkedHashMap<String, String> given, LinkedHashMap<String, String> extra) {
    /** The folder the seed job (resources/jenkins/runbookJobs.groovy) puts one job per runbook in. */
    static final String FOLDER = "runbooks";

    public static String jobName(String runbook) {
        return FOLDER + "/" + runbook;
    }

    /** @param defined the job's parameter names, in its order */
    public static AlertBuild of(List<String> defined, RemediationRequest request) {
        Map<String, String> wanted = request.jobParameters();
        LinkedHashMap<String, String> given = new LinkedHashMap<>();
        for (String name : defined) {
            if (wanted.containsKey(name)) {
                given.put(name, wanted.get(name));
            }
        }
        LinkedHashMap<String, String> extra = new LinkedHashMap<>(wanted);
        extra.keySet().removeAll(defined);
        return new AlertBuild(given, extra);
    }
}
