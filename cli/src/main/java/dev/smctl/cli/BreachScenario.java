package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.runbook.RunbookOutcome;
import dev.smctl.runbook.StepEnvironment;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.DatabaseReport;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Secret;
import dev.smctl.sandbox.DataServices;
import dev.smctl.sandbox.Platform;
import dev.smctl.sandbox.Sandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code smctl demo p0-03}: stolen refresh tokens are used from an unknown network; the alert starts runbook P0-03:
 * evidence of the running pods, isolate (both backend colours to 0), evidence of the database, revoke every
 * session, rotate every secret, force 2FA, then bring the backend back. Containment and bringing back are two
 * gates, each needing two people of the security team (the demo's approvers answer them).
 *
 * <p>The pods' logs are captured before isolating, because scaling to 0 deletes the pods and their logs with them;
 * the database is dumped after, when the app can no longer write to it.
 */
final class BreachScenario implements AutoCloseable {
    private static final Pattern DATABASE_URL = Pattern.compile("postgresql://([^:]+):([^@]+)@([^:/]+):(\\d+)/(.+)");

    private final EmbeddedPostgres postgres;
    private final DatabaseAccess database;
    private final Path runDir;

    BreachScenario(Path runDir) {
        this.runDir = runDir;
        postgres = DataServices.startPostgres(runDir.resolve("postgres"));
        DataServices.createSecureMessengerDatabase(postgres);
        database = DatabaseAccess.parse("postgresql://postgres@localhost:%d/%s".formatted(postgres.getPort(), DataServices.DATABASE),
                null, Duration.ofSeconds(10));
    }

    String describe() {
        return "PostgreSQL 15 at %s: 250 users, 120 sessions, 120 refresh tokens; the backend logs in as role %s with the password in Secret %s"
                .formatted(database, DataServices.APP_ROLE, Platform.DATABASE_SECRET);
    }

    /** Runs the scenario: the alert, then runbook P0-03 from its definition, both gates answered by the demo's approvers. */
    RunbookOutcome play(Sandbox sandbox, Remediation remediation, AuditLog audit, Timeline timeline, PrintWriter out) throws IOException {
        Platform.pointDatabaseSecretAt(sandbox.client(), "localhost", postgres.getPort());
        timeline.report("app", "the backend's DATABASE_URL (Secret %s) logs in: %s".formatted(Platform.DATABASE_SECRET, appLogsIn(sandbox)));
        timeline.report("alert", "SuspiciousActivity: refresh tokens of 37 users replayed from an unknown network; data exfiltration suspected");
        StepEnvironment environment = new StepEnvironment(remediation, database, null, null, null, List.of(), sandbox.healthUrl(),
                runDir.resolve("work"), Duration.ofMinutes(2));
        RunbookOutcome outcome = DemoRunbook.run("P0-03", Map.of("namespace", Platform.NAMESPACE, "database", DataServices.DATABASE,
                        "healthUrl", sandbox.healthUrl().toString()), environment,
                Actor.alert("SuspiciousActivity", "9b2e4c7a1f3d5e60"), "P0-03: refresh tokens replayed from an unknown network",
                Map.of("contain", List.of("tokens replayed from 203.0.113.0/24: contain now", "agreed: isolate, revoke, rotate"),
                        "bring-back", List.of("new credentials in place, evidence preserved", "agreed: bring it back")),
                audit, runDir, timeline, out);
        timeline.report("verify", "the backend's new DATABASE_URL logs in: %s; the old password: %s; counts now %s".formatted(appLogsIn(sandbox),
                logsIn(DataServices.APP_PASSWORD), DatabaseReport.counts(database, List.of("users", "sessions", "refresh_tokens"))));
        return outcome;
    }

    /** Logs in with the URL the backend reads from its Secret, as the app does when it starts. */
    private String appLogsIn(Sandbox sandbox) {
        String encoded = sandbox.client().secrets().inNamespace(Platform.NAMESPACE).withName(Platform.DATABASE_SECRET).get().getData().get("url");
        Matcher url = DATABASE_URL.matcher(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        if (!url.matches()) {
            return "no (the Secret holds no postgresql:// URL)";
        }
        return logsIn(URLDecoder.decode(url.group(2).replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    private String logsIn(String password) {
        DatabaseAccess asApp = new DatabaseAccess(database.host(), database.port(), database.database(), DataServices.APP_ROLE,
                Secret.of(password), Duration.ofSeconds(5));
        try (Connection ignored = asApp.connect()) {
            return "yes";
        } catch (SQLException e) {
            return "no (SQLSTATE %s)".formatted(e.getSQLState());
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            // the demo is over
        }
    }
}
