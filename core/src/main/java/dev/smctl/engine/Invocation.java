package dev.smctl.engine;

/**
 * Who runs an action, why, from where, and whether for real.
 *
 * @param via where the request came from, for the record: {@code smctl}, {@code Jenkins job #42}, ...
 */
public record Invocation(Actor actor, String reason, String via, boolean dryRun) {
    public Invocation {
        if (actor == null) {
            throw new IllegalArgumentException("actor is required");
        }
        reason = Names.oneLine(reason, 300);
        via = Names.oneLine(via, 120);
    }
}
