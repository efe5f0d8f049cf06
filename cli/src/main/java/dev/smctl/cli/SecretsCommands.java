package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.secrets.SecretKind;
import dev.smctl.secrets.SecretRotation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smctl secrets rotate}: P0-03's "change every secret". */
final class SecretsCommands {
    private SecretsCommands() {
    }

    @Command(name = "secrets", description = "Secret actions.", subcommands = Rotate.class)
    static final class Secrets extends GroupCommand {
    }

    @Command(name = "rotate",
            description = {"P0-03: new random values into a Secret, then a rolling restart of every Deployment that reads it",
                    "(one at 0 replicas reads them when scaled up). Values never appear: plans and records show fingerprints.",
                    "  db-password     ALTER ROLE first (SCRAM verifier computed here), then the Secret; proves the new password",
                    "                  logs in and the old one is refused. If the Secret cannot be written, the role is set back.",
                    "  jwt, api-keys   every secret-named key (JWT_SECRET, PUSH_API_KEY, ...): 64 and 32 random bytes",
                    "  encryption-key  ENCRYPTION_KEY becomes a new key; every previous key stays in ENCRYPTION_PREVIOUS_KEYS"},
            footer = {"", "Examples:",
                    "  smctl secrets rotate --kind jwt -n production --dry-run",
                    "  smctl secrets rotate --kind db-password -n production --db-url postgresql://postgres@postgres:5432/securemessenger",
                    "  smctl secrets rotate --kind encryption-key -n production --secret backend-encryption --reason 'P0-03'"})
    static final class Rotate extends ActionCommand {
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "db-password, jwt, api-keys or encryption-key.")
        String kind;

        @Option(names = "--secret", paramLabel = "NAME",
                description = "The Secret (default by kind: backend-database, backend-jwt, backend-api-keys, backend-encryption).")
        String secret;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--role", paramLabel = "ROLE", description = "db-password: the database role (default: the user in the Secret's URL).")
        String role;

        @Option(names = "--deployment", paramLabel = "NAME", description = "Require this Deployment to be among the Secret's readers.")
        String deployment;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", description = "How long each restart may take (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            SecretKind secretKind = SecretKind.parse(kind);
            Target target = secretKind.target(namespace, secret);
            return remediation.rotateSecret(new SecretRotation.Request(secretKind, target,
                    secretKind == SecretKind.DB_PASSWORD ? database.access() : null, role, deployment, Durations.parse(timeout)), invocation, progress);
        }
    }
}
