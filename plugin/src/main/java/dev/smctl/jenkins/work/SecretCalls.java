package dev.smctl.jenkins.work;

import dev.smctl.secrets.SecretKind;
import dev.smctl.secrets.SecretRotation;

import java.util.Map;

/**
 * P0-03's rotation of a Secret the backend reads: a new value, written to the Secret and, for the database
 * password, to the role in PostgreSQL without locking the application out; every Deployment that reads the Secret
 * is restarted. It runs on the agent with the database steps: {@code db-password} needs the database, and the
 * cluster is reached there with the same kubeconfig credentials. No new value reaches the log, the result or the
 * record.
 *
 * @param kind {@code db-password}, {@code jwt}, {@code api-keys} or {@code encryption-key}
 * @param secret the Secret's name; left out, the kind's usual one
 * @param role for {@code db-password}: the database role; left out, the user of the Secret's URL
 * @param deployment a Deployment that must be among the Secret's readers (a check, not a choice: all are restarted)
 * @param database for {@code db-password}: the database to connect to on the server of {@code databaseUrl}
 */
public record SecretCalls(String kind, String secret, String role, String deployment, String database, String timeout) implements StepCall {
    @Override
    public StepOutcome run(Scope scope) {
        SecretKind parsed = SecretKind.parse(Arguments.required(kind, "kind"));
        var request = new SecretRotation.Request(parsed, parsed.target(scope.namespace(), secret),
                parsed == SecretKind.DB_PASSWORD ? scope.database(database) : null, role, deployment, Arguments.duration(timeout, "5m"));
        return StepOutcome.of(scope.engine().rotateSecret(request, scope.invocation(), scope.progress()), Map.of());
    }
}
