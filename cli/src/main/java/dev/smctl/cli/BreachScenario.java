package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.DatabaseReport;
import dev.smctl.db.RevokeSessions;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Target;
import dev.smctl.k8s.Scale;
import dev.smctl.sandbox.DataServices;
import dev.smctl.sandbox.Platform;
import dev.smctl.sandbox.Sandbox;
import dev.smctl.secrets.SecretKind;
import dev.smctl.secrets.SecretRotation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
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
 * {@code smctl demo p0-03}: stolen refresh tokens are used from an unknown network; the runbook's breach response
 * follows, each step an engine action with its own lock and audit record: evidence of the running pods, isolate
 * (both backend colours to 0), evidence of the database, revoke every session, rotate every secret, force 2FA,
 * then bring the backend back. The approval to bring it back is the operator running the demo; the runbook's
 * approval gate will ask a second person.
 *
 * <p>The pods' logs are captured before isolating, because scaling to 0 deletes the pods and their logs with them;
 * the database is dumped after, when the app can no longer write to it.
 */
final class BreachScenario implements AutoCloseable {
    private static final Pattern DATABASE_URL = Pattern.compile("postgresql://([^:]+):([^@]+)@([^:/]+):(\\d+)/(.+)");
    private static final List<Target> BACKENDS = List.of(Target.deployment(Platform.NAMESPACE, Platform.BACKEND),
            Target.deployment(Platform.NAMESPACE, Platform.BACKEND_GREEN));

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

    /** Runs the scenario; returns the result of bringing the live colour back. */
    ActionResult play(Sandbox sandbox, Remediation remediation, Timeline timeline) {
        Platform.pointDatabaseSecretAt(sandbox.client(), "localhost", postgres.getPort());
        timeline.report("app", "the backend's DATABASE_URL (Secret %s) logs in: %s".formatted(Platform.DATABASE_SECRET, appLogsIn(sandbox)));
        timeline.report("alert", "SuspiciousActivity: refresh tokens of 37 users replayed from an unknown network; data exfiltration suspected");
        Invocation oncall = new Invocation(Actor.user("demo-oncall"), "P0-03: refresh tokens replayed from an unknown network", "smctl demo", false);
        Map<String, String> backendPods = Map.of("component", Platform.BACKEND);

        timeline.step(remediation.captureForensics(Platform.NAMESPACE, backendPods, null, runDir.resolve("evidence-pods"), oncall, timeline));
        for (Target backend : BACKENDS) {
            timeline.step(remediation.scale(new Scale.Request(backend, 0, false, 20, Duration.ofMinutes(2)), oncall, timeline));
        }
        timeline.step(remediation.captureForensics(Platform.NAMESPACE, backendPods, database, runDir.resolve("evidence-database"), oncall, timeline));
        timeline.step(remediation.revokeSessions(database, Platform.NAMESPACE, RevokeSessions.DEFAULT_TABLES, oncall, timeline));
        for (SecretKind kind : SecretKind.values()) {
            timeline.step(remediation.rotateSecret(new SecretRotation.Request(kind, new Target("secret", Platform.NAMESPACE, kind.defaultSecret()),
                    kind == SecretKind.DB_PASSWORD ? database : null, null, null, Duration.ofMinutes(2)), oncall, timeline));
        }
        timeline.step(remediation.forceTwoFactor(database, Platform.NAMESPACE, oncall, timeline));
        timeline.report("approve", "bring the backend back: approved by demo-oncall, the operator running this demo "
                + "(in Jenkins the runbook's gate asks a second person)");
        ActionResult live = null;
        for (Target backend : BACKENDS) {
            ActionResult back = timeline.step(remediation.scale(new Scale.Request(backend, null, true, 20, Duration.ofMinutes(2)), oncall, timeline));
            live = live == null ? back : live;
        }
        timeline.report("verify", "the backend's new DATABASE_URL logs in: %s; the old password: %s; counts now %s".formatted(appLogsIn(sandbox),
                logsIn(DataServices.APP_PASSWORD), DatabaseReport.counts(database, List.of("users", "sessions", "refresh_tokens"))));
        return live;
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
