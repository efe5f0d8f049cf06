package dev.smctl.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The data side of the platform on real servers: PostgreSQL 15 (zonky's embedded binaries; as root it runs
 * initdb in a user namespace) and S3 (S3Proxy, V4 signatures checked). The runbook's database and backup bucket
 * are created on request.
 */
public final class DataServices {
    public static final String DATABASE = "securemessenger";
    public static final String BUCKET = "secure-messenger-backups";
    public static final String S3_ACCESS_KEY = "sandbox-access";
    /** Not a secret of anyone's: the sandbox's own S3 key, named like one so the redaction is visible. */
    public static final String S3_SECRET_KEY = "sandbox-secret-key-not-a-secret";
    /** Roles in this group log in with a password (SCRAM); every other role is trusted, as zonky's initdb sets it up. */
    public static final String PASSWORD_LOGIN = "password_login";
    /** The backend's own login role, and its password as the Secret backend-database holds it. */
    public static final String APP_ROLE = "app";
    public static final String APP_PASSWORD = "sandbox-app-password-not-a-secret";

    private DataServices() {
    }

    /** PostgreSQL where members of {@link #PASSWORD_LOGIN} must give their password, as an app role must in production. */
    public static EmbeddedPostgres startPostgres(Path workDir) {
        return startPostgres(workDir, null);
    }

    /**
     * @param serverLog a file for the server's log (emptied first), with every DDL statement in it ({@code log_statement = ddl}),
     *                  so that tests can see what reached the server; {@code null} for zonky's default (through SLF4J)
     */
    public static EmbeddedPostgres startPostgres(Path workDir, Path serverLog) {
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setOverrideWorkingDirectory(workDir.toFile())
                    .setDataDirectoryCustomizer(DataServices::askPasswordOfLoginGroup);
            if (serverLog != null) {
                Files.createDirectories(serverLog.toAbsolutePath().getParent());
                Files.deleteIfExists(serverLog);
                builder.setServerConfig("log_statement", "ddl")
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + workDir, e);
        }
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + PASSWORD_LOGIN + " NOLOGIN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create role " + PASSWORD_LOGIN, e);
        }
        return postgres;
    }

    /** pg_hba.conf takes the first line that matches: these go before initdb's "trust" lines. */
    private static void askPasswordOfLoginGroup(File dataDirectory) {
        Path hba = dataDirectory.toPath().resolve("pg_hba.conf");
        try {
            Files.writeString(hba, """
                    host all +%1$s 127.0.0.1/32 scram-sha-256
                    host all +%1$s ::1/128 scram-sha-256
                    """.formatted(PASSWORD_LOGIN) + Files.readString(hba));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hba, e);
        }
    }

    /**
     * @param provider {@code transient} (memory) or {@code filesystem} (with {@code jclouds.filesystem.basedir})
     */
    public static S3Proxy startS3(String provider, Properties properties) {
        return start(BlobStores.create(provider, properties), false);
    }

    /**
     * S3Proxy in memory that accepts request headers it does not implement and ignores them, as some S3-compatible
     * stores do (by default S3Proxy answers them 501 NotImplemented): Object Lock headers, for one.
     */
    public static S3Proxy startS3IgnoringUnknownHeaders() {
        return start(BlobStores.create("transient", new Properties()), true);
    }

    /** S3Proxy in memory with the runbook's backup bucket already there. */
    public static S3Proxy startS3WithBackupBucket() {
        BlobStore store = BlobStores.create("transient", new Properties());
        store.createContainer(BUCKET);
        return start(store, false);
    }

    private static S3Proxy start(BlobStore store, boolean ignoreUnknownHeaders) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + freePort()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
                .ignoreUnknownHeaders(ignoreUnknownHeaders)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            return proxy;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    /**
     * The runbook's database: users (with force_2fa), messages, sessions, refresh_tokens, with rows, and the
     * backend's login role {@link #APP_ROLE} (password {@link #APP_PASSWORD}) allowed to use them.
     */
    public static void createSecureMessengerDatabase(EmbeddedPostgres postgres) {
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
        try (Connection connection = postgres.getDatabase("postgres", DATABASE).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, force_2fa boolean NOT NULL DEFAULT false)");
            statement.execute("CREATE TABLE messages (id bigserial PRIMARY KEY, sender int REFERENCES users, body text NOT NULL, sent_at timestamptz NOT NULL DEFAULT now())");
            statement.execute("CREATE TABLE sessions (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id int REFERENCES users)");
            statement.execute("CREATE TABLE refresh_tokens (id bigserial PRIMARY KEY, user_id int REFERENCES users, token_hash text NOT NULL)");
            statement.execute("INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 250) g");
            statement.execute("INSERT INTO messages (sender, body) SELECT 1 + g % 250, 'encrypted payload ' || md5(g::text) FROM generate_series(1, 5000) g");
            statement.execute("INSERT INTO sessions (user_id) SELECT g FROM generate_series(1, 120) g");
            statement.execute("INSERT INTO refresh_tokens (user_id, token_hash) SELECT g, md5('t' || g) FROM generate_series(1, 120) g");
            statement.execute("CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE %s".formatted(APP_ROLE, APP_PASSWORD, PASSWORD_LOGIN));
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + APP_ROLE);
            statement.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed database " + DATABASE, e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
