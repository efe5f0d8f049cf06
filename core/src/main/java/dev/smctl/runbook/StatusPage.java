package dev.smctl.runbook;

import dev.smctl.engine.Durations;
import dev.smctl.engine.Progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The public status page as the runbook asks for it: one post per stage, in order, each with the next update due
 * by the runbook's cadence. A stage is posted once; a run that stops early stays at the stage it reached.
 */
final class StatusPage {
    private static final List<String> STAGES = List.of("Investigating", "Identified", "Monitoring", "Resolved");

    private final Runbook runbook;
    private final RunRecords records;
    private final Progress progress;
    private final List<StatusUpdate> updates = new ArrayList<>();

    StatusPage(Runbook runbook, RunRecords records, Progress progress) {
        this.runbook = runbook;
        this.records = records;
        this.progress = progress;
    }

    void post(String stage, Instant at) {
        int reached = updates.isEmpty() ? -1 : STAGES.indexOf(updates.get(updates.size() - 1).stage());
        if (STAGES.indexOf(stage) <= reached) {
            return;
        }
        Duration cadence = Durations.parse(runbook.updateEvery());
        StatusUpdate update = new StatusUpdate(stage, runbook.statusPage().get(stage.toLowerCase(Locale.ROOT)), at,
                stage.equals("Resolved") ? null : at.plus(cadence));
        updates.add(update);
        records.status(update);
        progress.report("status", "%s: %s%s".formatted(stage, update.text(),
                update.nextUpdateBy() == null ? "" : " (next update by %s)".formatted(update.nextUpdateBy())));
    }

    List<StatusUpdate> updates() {
        return List.copyOf(updates);
    }
}
