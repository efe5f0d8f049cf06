package dev.smctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: prints its usage when given no subcommand. */
@Command(name = "smctl",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = {
                "Runbook remediation for Secure Messenger: planned, locked, verified and audited.",
                "Every change takes a per-target lock in the cluster and is recorded in a hash-chained audit log."},
        subcommands = {RollbackCommand.class, BlueGreenCommand.class, ScaleCommand.class, RestartCommand.class,
                OpsCommands.Pod.class, OpsCommands.Ingress.class, OpsCommands.Maintenance.class, OpsCommands.BackupJob.class,
                InvestigateCommands.Diagnose.class, InvestigateCommands.Top.class, DatabaseCommands.class, AccountCommands.Sessions.class,
                AccountCommands.Users.class, SecretsCommands.Secrets.class, CacheCommands.Cache.class, EvidenceCommands.Forensics.class,
                EvidenceCommands.Evidence.class, RunbookCommands.class, PostmortemCommand.class, AlertsCommands.class, AuditCommand.class, ReportCommand.class,
                DemoCommand.class},
        footer = {
                "",
                "Examples:",
                "  smctl demo",
                "  smctl rollback backend -n production --dry-run",
                "  smctl rollback backend -n production --reason 'P0-01: 2.4.0 crash-loops'",
                "  smctl diagnose backend -n production",
                "  smctl bluegreen switch backend -n production --to blue --health-url https://api.example.com/health",
                "  smctl scale deployment/backend -n production --replicas 0 --reason 'P0-03: isolate'",
                "  smctl secrets rotate --kind db-password -n production --db-url postgresql://postgres@postgres:5432/securemessenger --dry-run",
                "  smctl audit verify sm-out/audit.jsonl"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:succeeded, or skipped (nothing to do)",
                "1:failed: the change did not verify, or an unexpected error",
                "2:invalid request: bad input, nothing changed",
                "3:refused: a precondition, a lock or an approval said no; nothing changed"})
final class SmctlCommand extends GroupCommand {
}
