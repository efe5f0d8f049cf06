package dev.smctl.cli;

import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Invocation;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Who runs an action, why, where it is recorded, and how its result is printed. */
final class RunOptions {
    @Option(names = "--dry-run", description = "Print the plan, change nothing.")
    boolean dryRun;

    @Option(names = "--actor", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "Who is asking, for the change-cause and the audit log (default: your login name).")
    String actor;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "",
            description = "Why: the incident or ticket. Recorded in the change-cause and the audit log.")
    String reason;

    @Option(names = "--audit-log", paramLabel = "FILE", defaultValue = "sm-out/audit.jsonl",
            description = "Hash-chained audit log to append to (default: ${DEFAULT-VALUE}).")
    Path auditLog;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one JSON object on standard output). Progress always goes to standard error.")
    OutputFormat output;

    @Option(names = "--verbose", description = "Print stack traces of unexpected errors.")
    boolean verbose;

    Invocation invocation() {
        return new Invocation(Actor.user(actor), reason, "smctl", dryRun);
    }

    AuditLog auditLog() {
        return new AuditLog(auditLog);
    }
}
