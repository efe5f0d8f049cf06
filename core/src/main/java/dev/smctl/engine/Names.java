package dev.smctl.engine;

import java.util.regex.Pattern;

/** Kubernetes name rules (DNS-1123), applied to every name that comes from a user or an alert. */
public final class Names {
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int LABEL_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;

    private Names() {
    }

    /** A namespace, a Service or a label value used as a name: one DNS-1123 label. */
    public static String requireLabel(String value, String what) {
        if (value == null || value.length() > LABEL_MAX || !DNS1123_LABEL.matcher(value).matches()) {
            throw new InvalidRequest("%s %s is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit, at most %d characters (DNS-1123 label)"
                    .formatted(what, quote(value), LABEL_MAX));
        }
        return value;
    }

    /** A Deployment, StatefulSet or Lease name: a DNS-1123 subdomain (labels joined by dots). */
    public static String requireSubdomain(String value, String what) {
        boolean valid = value != null && !value.isEmpty() && value.length() <= SUBDOMAIN_MAX;
        if (valid) {
            for (String label : value.split("\\.", -1)) {
                valid &= label.length() <= LABEL_MAX && DNS1123_LABEL.matcher(label).matches();
            }
        }
        if (!valid) {
            throw new InvalidRequest("%s %s is not a valid name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most %d characters (DNS-1123 subdomain)"
                    .formatted(what, quote(value), SUBDOMAIN_MAX));
        }
        return value;
    }

    /**
     * A PostgreSQL database, role or table name as this tool accepts it: lower-case, unquoted-identifier rules,
     * so that it can be quoted safely and means the same to psql and to us.
     */
    public static String requireSqlIdentifier(String value, String what) {
        if (value == null || !SQL_IDENTIFIER.matcher(value).matches()) {
            throw new InvalidRequest("%s %s is not a valid name: use lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters"
                    .formatted(what, quote(value)));
        }
        return value;
    }

    /**
     * Quotes untrusted text for a message: control characters are escaped so that a name taken from an alert
     * cannot forge lines in a log, and long values are cut.
     */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append("\\u%04x".formatted(c));
            } else if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else {
                out.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > 80) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    /** Free text for an annotation or a record (a reason, an actor name): one line, printable, bounded. */
    public static String oneLine(String value, int max) {
        if (value == null) {
            return "";
        }
        String cleaned = value.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max) + "...";
    }
}
