package dev.smctl.approval;

import dev.smctl.engine.Names;

import java.time.Instant;

/**
 * One person's answer at a gate.
 *
 * @param via where the answer came from (a prompt, a pre-approval on the command line, Jenkins' input step)
 */
public record Decision(String approver, boolean approved, String comment, Instant at, String via) {
    public Decision {
        approver = Names.oneLine(approver, 120);
        comment = Names.oneLine(comment, 500);
        via = Names.oneLine(via, 120);
    }
}
