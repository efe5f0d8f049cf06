package dev.smctl.db;

import dev.smctl.engine.Redaction;
import dev.smctl.engine.Unavailable;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** SQL text and SQL errors as the operator should see them. */
public final class Sql {
    /** Dollar-quoted ($$...$$, $tag$...$tag$), escape-string (E'...') and plain literals, and one cut off at the end. */
    private static final Pattern STRING_LITERAL = Pattern.compile(
            "(?s)\\$([A-Za-z_][A-Za-z0-9_]*)?\\$.*?(?:\\$\\1\\$|$)|[eE]'(?:[^'\\\\]|\\\\.|'')*(?:'|$)|'(?:[^']|'')*(?:'|$)");

    private Sql() {
    }

    /** A double-quoted identifier; names are validated before they get here, quoting keeps them exact. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Query text for display: string literals replaced by {@code '?'} (they can hold passwords, e.g. in
     * {@code ALTER ROLE ... PASSWORD '...'}), one line, at most 160 characters.
     */
    public static String shown(String query) {
        if (query == null) {
            return "";
        }
        String text = STRING_LITERAL.matcher(query).replaceAll("'?'").replaceAll("\\s+", " ").strip();
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }

    /** Turns a driver error into one line naming the database and what to check. */
    public static Unavailable failure(DatabaseAccess access, String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = Redaction.text(firstLine(e.getMessage()));
        if (state.startsWith("08")) {
            return new Unavailable("cannot reach PostgreSQL at %s:%d while %s (%s): check --db-url and that the server is up"
                    .formatted(access.host(), access.port(), doing, message), e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new Unavailable("PostgreSQL at %s:%d refused user %s while %s: check PGPASSWORD".formatted(access.host(), access.port(),
                    access.user(), doing), e);
        }
        if (state.equals("3D000")) {
            return new Unavailable("database %s does not exist on %s:%d".formatted(access.database(), access.host(), access.port()), e);
        }
        return new Unavailable("PostgreSQL error while %s on %s: %s (SQLSTATE %s)".formatted(doing, access, message, state), e);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
