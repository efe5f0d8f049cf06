package dev.smctl.cli;

import dev.smctl.sandbox.DataServices;
import dev.smctl.sandbox.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AuditAndDemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoRemediatesTheIncidentAndVerifiesItsAuditLog() throws Exception {
        CliRun run = CliRun.of("demo", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .contains("alert     ApplicationDown: /health answers HTTP 503")
                .contains(" 2. rollback           rollback           {deployment=backend, healthUrl=http")
                .contains("runs only if scenario == A (decided when the run reaches it)")
                .contains("diagnose succeeded: 0 of 3 pods ready; pods crash at start: scenario A")
                .contains("gate on-call approved by demo-sre-lead")
                .contains("roll back deployment production/backend from revision 4")
                .contains("successfully rolled out")
                .contains("postgres-pod skipped: scenario == B does not hold")
                .contains("Runbook P0-01, run ").contains(": SUCCEEDED")
                .contains("Resolved      The API is available again.")
                .contains("resolved  /health answers HTTP 200")
                .contains("Verified:    intact (");
        assertThat(Files.readString(auditLogIn(dir).resolveSibling("postmortem.md"))).contains("# Post-mortem: P0-01 Application down (backend) (DRAFT)")
                .contains("runbook P0-01 started by alert ApplicationDown (fingerprint 4f1c2a9e6b3d7c10)");
        Path auditLog = auditLogIn(dir);
        assertThat(CliRun.of("audit", "verify", auditLog.toString()).exitCode()).isZero();
    }

    @Test
    void demoOfABadSwitchEndsWithTrafficBackOnTheHealthyColour() {
        CliRun run = CliRun.of("demo", "p0-01c", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("health failed on green; switching service production/backend back to blue")
                .contains("switched back to blue automatically")
                .contains("resolved  /health answers HTTP 200");
    }

    @Test
    void demoOfDatabaseCorruptionRestoresFromBeforeItAndKeepsTheDamagedCopy() {
        CliRun run = CliRun.of("demo", "p0-02", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("integrity check fails: a table is missing")
                .contains("db-read-only-on")
                .contains("cut over: securemessenger is the restored copy; the previous one is kept as securemessenger_corrupt_")
                .contains("counts now {users=250, messages=5000, sessions=120, refresh_tokens=120}")
                .contains("gate destructive approved by demo-sre-lead")
                .contains("Runbook P0-02, run ").contains("against the 30m0s RTO (met)")
                .contains("Verified:    intact (14 records");
    }

    @Test
    void demoOfABreachRevokesRotatesForces2faAndBringsTheBackendBackWithoutShowingASecret() throws Exception {
        CliRun run = CliRun.of("demo", "p0-03", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("app       the backend's DATABASE_URL (Secret backend-database) logs in: yes")
                .contains("sessions-revoke succeeded: no rows left in sessions, refresh_tokens of securemessenger")
                .contains("role app logs in with the new password and the old one is refused")
                .contains("rotated secret production/backend-jwt (JWT_SECRET)")
                .contains("rotated secret production/backend-api-keys (PUSH_API_KEY, WEBHOOK_API_KEY)")
                .contains("every previous encryption key is kept (2)")
                .contains("all 250 users of securemessenger must use 2FA (250 were not before)")
                .contains("gate contain approved by demo-sre-lead, demo-security-officer")
                .contains("step revoke-sessions runs under gate contain, approved earlier in this run")
                .contains("gate bring-back approved by demo-sre-lead, demo-security-officer")
                .contains("Runbook P0-03, run ").contains(": SUCCEEDED")
                .contains("the backend's new DATABASE_URL logs in: yes; the old password: no (SQLSTATE 28P01); counts now {users=250, sessions=0, refresh_tokens=0}")
                .contains("resolved  /health answers HTTP 200")
                .contains("Verified:    intact (23 records");
        List<String> known = new ArrayList<>(List.of(DataServices.APP_PASSWORD));
        known.addAll(Platform.API_KEY_VALUES.values());
        known.addAll(Platform.ENCRYPTION_VALUES.values());
        known.add(Platform.JWT_VALUES.get("JWT_SECRET"));
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> written = files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/postgres/")).toList();
            for (Path file : written) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(known).as(file.toString()).noneSatisfy(secret -> assertThat(text).contains(secret));
            }
        }
        assertThat(known).noneSatisfy(secret -> assertThat(run.all()).contains(secret));
    }

    @Test
    void auditVerifyNamesTheFirstTamperedRecord() throws Exception {
        CliRun.of("demo", "--out", dir.toString());
        Path auditLog = auditLogIn(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(auditLog, StandardCharsets.UTF_8));
        lines.set(0, lines.get(0).replaceFirst("\"outcome\":\"[a-z ]+\"", "\"outcome\":\"skipped\""));
        Files.writeString(auditLog, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        CliRun verify = CliRun.of("audit", "verify", auditLog.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).contains("TAMPERED at record 1");
    }

    @Test
    void rejectsAnUnknownScenarioAndAMissingLog() {
        assertThat(CliRun.of("demo", "p9-99", "--out", dir.toString()).exitCode()).isEqualTo(2);
        CliRun missing = CliRun.of("audit", "verify", dir.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void listsAndShowsTheRunbookDefinitions() {
        assertThat(CliRun.of("runbook", "list").out()).contains("P0-02  P0       Database corruption")
                .contains("forensics -> read-only -> stop-backend -> restore -> start-backend");
        CliRun show = CliRun.of("runbook", "show", "P0-02");
        assertThat(show.out()).contains("RTO 30m").contains("[gate destructive: 1 of [sre-leads, dba], expires 30m, comment required]");
        assertThat(CliRun.of("runbook", "show", "P9-99").exitCode()).isEqualTo(2);
    }

    @Test
    void printsUsageWithTheExitCodes() {
        CliRun help = CliRun.of("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("rollback").contains("demo").contains("audit").contains("Exit codes:")
                .contains("3   refused");
    }

    private static Path auditLogIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("audit.jsonl")).findFirst().orElseThrow();
        }
    }
}
