package dev.smctl.runbook;

import java.time.Instant;

/**
 * One status-page post: the stage (Investigating, Identified, Monitoring, Resolved), the runbook's text for it,
 * and when the next update is due by the runbook's cadence ({@code null} once resolved).
 */
public record StatusUpdate(String stage, String text, Instant at, Instant nextUpdateBy) {
}
