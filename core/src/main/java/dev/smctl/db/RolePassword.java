package dev.smctl.db;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Secret;
import org.postgresql.util.PasswordUtil;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A login role's password, changed through an administrator's connection. The password itself never reaches
 * the server: its SCRAM-SHA-256 verifier is computed here and sent instead, so {@code log_statement = 'ddl'},
 * an error report of the statement or {@code pg_stat_activity} can show at most the verifier, which does not log
 * anyone in. PostgreSQL stores a verifier as given whatever {@code password_encryption} says, and md5 and
 * scram-sha-256 lines of pg_hba.conf both accept it.
 */
public final class RolePassword {
    /** How a login with a given password went. */
    public enum Login { ACCEPTED, REFUSED }

    private final DatabaseAccess admin;
    private final String role;

    /** @param admin a connection allowed to ALTER ROLE (a superuser, or CREATEROLE for non-superuser roles) */
    public RolePassword(DatabaseAccess admin, String role) {
        this.admin = admin;
        this.role = Names.requireSqlIdentifier(role, "database role");
    }

    public String role() {
        return role;
    }

    /** @throws InvalidRequest when the role does not exist or cannot log in */
    public void requireLoginRole() {
        try (Connection connection = admin.connect();
             PreparedStatement query = connection.prepareStatement("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    throw new InvalidRequest("database role %s does not exist on %s:%d; check --role, or the user in the Secret's URL"
                            .formatted(role, admin.host(), admin.port()));
                }
                if (!result.getBoolean(1)) {
                    throw new InvalidRequest("database role %s on %s:%d cannot log in (NOLOGIN): it has no password to rotate"
                            .formatted(role, admin.host(), admin.port()));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure(admin, "looking up role " + role, e);
        }
    }

    public void set(Secret password) {
        String verifier = PasswordUtil.encodeScramSha256(password.reveal().toCharArray());
        try (Connection connection = admin.connect(); Statement statement = connection.createStatement()) {
            // A utility statement takes no parameters; the verifier is base64, '$' and ':' only, quoted all the same.
            statement.execute("ALTER ROLE %s PASSWORD '%s'".formatted(Sql.quote(role), verifier.replace("'", "''")));
        } catch (SQLException e) {
            throw Sql.failure(admin, "changing the password of role " + role, e);
        }
    }

    /** Logs in as the role on the administrator's server and database, as the application would. */
    public Login tryLogin(Secret password) {
        DatabaseAccess asRole = new DatabaseAccess(admin.host(), admin.port(), admin.database(), role, password, admin.timeout());
        try (Connection ignored = asRole.connect()) {
            return Login.ACCEPTED;
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                return Login.REFUSED;
            }
            throw Sql.failure(asRole, "logging in as role " + role, e);
        }
    }
}
