package dev.smctl.runbook;

import dev.smctl.SandboxCase;
import dev.smctl.TestDatabases;
import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.PreApprovals;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.Actor;
import dev.smctl.sandbox.Platform;
import dev.smctl.storage.LocalBackupStore;
import dev.smctl.storage.LocalBackupSink;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** P0-02 from its definition, on the sandbox cluster and a real PostgreSQL: the runbook's whole order, then its post-mortem. */
class DatabaseCorruptionRunbookTest extends SandboxCase {

    @Test
    void restoresFromTheBackupBeforeTheCorruptionInTheRunbooksOrderAndDraftsThePostmortem() throws Exception {
        sandbox.startControllers(TICK);
        DatabaseAccess db = TestDatabases.create("securemessenger", 42);
        TestDatabases.backupWithChecksum(db, Files.createDirectories(dir.resolve("backups")));
        TestDatabases.execute(db, "DROP TABLE messages");
        RunbookPlan plan = RunbookPlan.of(RunbookLoader.find("P0-02"), Map.of("database", db.database(), "before", "2026-11-28T04:00:00Z",
                "healthUrl", sandbox.healthUrl().toString()));
        StepEnvironment environment = new StepEnvironment(engine(), db, new LocalBackupStore(dir.resolve("backups")),
                new LocalBackupSink(dir.resolve("backups")), null, List.of(), null, dir.resolve("work"), Duration.ofSeconds(60));
        RunbookRun run = new RunbookRun(plan, new StepActions(environment),
                new ApprovalGate(audit, user -> user.equals("bob") ? Set.of("dba") : Set.of(), Clock.systemUTC()),
                new PreApprovals(List.of("destructive=bob:INC-9 stop the backend and restore the 03:00 backup"),
                        Clock.systemUTC()), audit, Clock.systemUTC(), progress());

        RunbookOutcome outcome = run.run(Actor.user("alice"), "INC-9: relation \"messages\" does not exist", "test");

        assertThat(outcome.result()).as(outcome.message()).isEqualTo("succeeded");
        assertThat(outcome.steps()).extracting(RunbookOutcome.StepReport::step)
                .containsExactly("forensics", "read-only", "stop-backend", "restore", "start-backend", "health");
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(42);
        assertThat(client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).get().getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(outcome.message()).contains("against the 30m0s RTO (met)");

        String draft = Postmortem.draft(audit.file());

        assertThat(draft).startsWith("# Post-mortem: P0-02 Database corruption (DRAFT)")
                .containsSubsequence("## Summary", "## Timeline (UTC)", "runbook P0-02 started by alice", "status page: **Investigating**",
                        "forensics-capture", "db-read-only", "gate destructive for step stop-backend: approved by bob", "scale backend: **succeeded**",
                        "db-restore", "status page: **Monitoring**", "health-check",
                        "status page: **Resolved**", "run ended **succeeded**", "## Root cause", "## Resolution", "## Impact", "## Action items",
                        "## Lessons learned", "## Follow-up")
                .contains("against a 30m0s target: met")
                .contains("Data lost: writes between the backup " + db.database() + "-20261128T030000Z.dump")
                .contains("audit chain intact");
    }
}
