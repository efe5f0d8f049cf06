package dev.smctl.jenkins.work;

import dev.smctl.approval.GroupDirectory;
import dev.smctl.engine.InvalidRequest;

/** The plugin's approver groups setting: who belongs to each group the runbooks' gates name, as smctl --groups reads it. */
public final class ApproverGroups {
    static final String SETTING = "Manage Jenkins » System » smctl » Approver groups (approverGroups in Configuration as Code)";

    private ApproverGroups() {
    }

    /**
     * @param yaml the setting, e.g. {@code security-team: [carol, dave]}; {@code null} when unset
     * @return the membership; when unset, a directory knowing no groups (only approvers named one by one count)
     *         whose refusals name the setting
     * @throws InvalidRequest when the text is not a map from group to members
     */
    public static GroupDirectory of(String yaml) {
        return yaml == null ? GroupDirectory.unknown("set " + SETTING) : GroupDirectory.parse(yaml, SETTING);
    }
}
