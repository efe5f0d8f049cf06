package dev.smctl.cli;

import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Secret;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Which database, as psql users expect: a URL without the password, the password in {@code PGPASSWORD}. */
final class DatabaseOptions {
    @Option(names = "--db-url", paramLabel = "URL", defaultValue = "${env:SM_DB_URL}",
            description = "postgresql://USER@HOST:PORT/DATABASE (default: $SM_DB_URL); the password comes from $PGPASSWORD.")
    String url;

    @Option(names = "--namespace-of-db", paramLabel = "NAMESPACE", defaultValue = "production", hidden = true,
            description = "The Kubernetes namespace the database runs in, for the records (default: ${DEFAULT-VALUE}).")
    String namespace;

    DatabaseAccess access() {
        if (url == null || url.isBlank()) {
            throw new InvalidRequest("no database given: pass --db-url postgresql://USER@HOST:5432/DATABASE or set SM_DB_URL");
        }
        return DatabaseAccess.parse(url, Secret.of(System.getenv("PGPASSWORD")), Duration.ofSeconds(10));
    }

    String namespace() {
        return Names.requireLabel(namespace, "namespace");
    }
}
