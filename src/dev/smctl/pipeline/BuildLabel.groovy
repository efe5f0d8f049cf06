package dev.smctl.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * The build's name and description: which runbook, which incident, who or which alert asked, so the build list
 * reads as an incident log and every step's audit reason names the run.
 */
class BuildLabel implements Serializable {
    private static final long serialVersionUID = 1L
    private static final String USER_CAUSE = 'hudson.model.Cause$UserIdCause'

    /**
     * Who asked for the run, from {@code currentBuild.getBuildCauses()}: a user by id, an Alertmanager alert by
     * its cause's description, otherwise the first cause's description.
     */
    @NonCPS
    static String requester(Object causes) {
        List<Map> all = causes instanceof List ? ((List) causes).findAll { it instanceof Map } : []
        Map user = all.find { it._class == USER_CAUSE && it.userId }
        if (user != null) {
            return "requested by ${Names.oneLine(String.valueOf(user.userId), 100)}"
        }
        Map alert = all.find { String.valueOf(it._class).toLowerCase().contains('alertmanager') }
        Map cause = alert ?: (all.isEmpty() ? null : all[0])
        String text = cause?.shortDescription == null ? 'unknown cause' : String.valueOf(cause.shortDescription)
        return "${alert == null ? 'started' : 'alert'}: ${Names.oneLine(text, 150)}"
    }

    /** {@code #42 P0-02 INC-4711}, with {@code (dry run)} when nothing may change. */
    @NonCPS
    static String displayName(Object number, String runbookId, Map values) {
        String incident = values[RunbookDefinition.INCIDENT] ? " ${values[RunbookDefinition.INCIDENT]}" : ''
        return "#${number} ${runbookId}${incident}${values[RunbookDefinition.DRY_RUN] ? ' (dry run)' : ''}"
    }

    /** {@code P0-02 Database corruption, incident INC-4711, requested by alice}. */
    @NonCPS
    static String description(RunbookDefinition runbook, Map values, String requester) {
        String incident = values[RunbookDefinition.INCIDENT] ? ", incident ${values[RunbookDefinition.INCIDENT]}" : ''
        String dryRun = values[RunbookDefinition.DRY_RUN] ? ', dry run' : ''
        return Names.oneLine("${runbook.id} ${runbook.title}${incident}, ${requester}${dryRun}", 400)
    }
}
