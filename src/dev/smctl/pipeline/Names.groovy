package dev.smctl.pipeline

import com.cloudbees.groovy.cps.NonCPS

import java.time.Instant
import java.time.format.DateTimeParseException

/**
 * The value rules of core's {@code dev.smctl.engine.Names} and {@code Durations}, again in Groovy: the pipeline
 * checks every value from a build parameter or a definition before a step sees it, with the same messages, so a
 * bad value stops the build before anything changes. The plugin's steps check again.
 */
class Names implements Serializable {
    private static final long serialVersionUID = 1L
    private static final String DNS1123_LABEL = /[a-z0-9]([-a-z0-9]*[a-z0-9])?/
    private static final String SQL_IDENTIFIER = /[a-z_][a-z0-9_]{0,62}/
    private static final String DURATION = /(\d+(ms|h|m|s))+|\d+/
    // Jenkins user ids, group names and credentials ids as this library accepts them: no separators, no spaces.
    private static final String ID = /[A-Za-z0-9][A-Za-z0-9._@-]{0,127}/
    private static final int LABEL_MAX = 63
    private static final int SUBDOMAIN_MAX = 253
    private static final int QUOTE_MAX = 80

    /** A namespace, a Service or a colour: one DNS-1123 label. */
    @NonCPS
    static String requireLabel(String value, String what) {
        if (value == null || value.length() > LABEL_MAX || !(value ==~ DNS1123_LABEL)) {
            throw new InvalidInput("${what} ${quote(value)} is not a valid name: use lower-case letters, digits and '-', " +
                    "starting and ending with a letter or digit, at most ${LABEL_MAX} characters (DNS-1123 label)")
        }
        return value
    }

    /** A Deployment, Pod, Ingress or CronJob name: a DNS-1123 subdomain (labels joined by dots). */
    @NonCPS
    static String requireSubdomain(String value, String what) {
        boolean valid = value != null && !value.isEmpty() && value.length() <= SUBDOMAIN_MAX
        if (valid) {
            for (String label : value.split(/\./, -1)) {
                valid = valid && label.length() <= LABEL_MAX && label ==~ DNS1123_LABEL
            }
        }
        if (!valid) {
            throw new InvalidInput("${what} ${quote(value)} is not a valid name: use lower-case letters, digits, '-' and '.', " +
                    "starting and ending with a letter or digit, at most ${SUBDOMAIN_MAX} characters (DNS-1123 subdomain)")
        }
        return value
    }

    /** A PostgreSQL database, role or table name, as core accepts it: unquoted-identifier rules, lower case. */
    @NonCPS
    static String requireSqlIdentifier(String value, String what) {
        if (value == null || !(value ==~ SQL_IDENTIFIER)) {
            throw new InvalidInput("${what} ${quote(value)} is not a valid name: use lower-case letters, digits and '_', " +
                    'starting with a letter or \'_\', at most 63 characters')
        }
        return value
    }

    /** {@code deployment/NAME} or {@code statefulset/NAME}, as {@code smctl scale} takes it. */
    @NonCPS
    static String requireWorkload(String value, String what) {
        List<String> parts = value == null ? [] : value.tokenize('/')
        if (parts.size() != 2 || !(parts[0] in ['deployment', 'statefulset']) || value.endsWith('/')) {
            throw new InvalidInput("${what} ${quote(value)} is not a workload: use deployment/NAME or statefulset/NAME")
        }
        requireSubdomain(parts[1], what)
        return value
    }

    /** Durations as kubectl spells them ({@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}; digits alone are seconds). */
    @NonCPS
    static String requireDuration(String value, String what) {
        seconds(value, what)
        return value
    }

    /** The duration in whole seconds, rounded up: what {@code timeout(time:, unit: 'SECONDS')} takes. */
    @NonCPS
    static long seconds(String value, String what) {
        if (value == null || !(value ==~ DURATION)) {
            throw new InvalidInput("${what} ${quote(value)} is not a duration: use e.g. 90s, 5m or 1h30m")
        }
        if (value ==~ /\d+/) {
            return Long.parseLong(value)
        }
        long millis = 0
        value.findAll(/\d+(ms|h|m|s)/).each { String part ->
            long amount = Long.parseLong(part.replaceAll(/\D/, ''))
            String unit = part.replaceAll(/\d/, '')
            millis += amount * [ms: 1L, s: 1000L, m: 60000L, h: 3600000L][unit]
        }
        return (long) Math.ceil(millis / 1000.0d)
    }

    /** An ISO-8601 instant such as {@code 2026-11-28T02:55:00Z}, as {@code smctl db restore --before} takes it. */
    @NonCPS
    static String requireInstant(String value, String what) {
        try {
            Instant.parse(value)
        } catch (DateTimeParseException | NullPointerException ignored) {
            throw new InvalidInput("${what} takes an ISO-8601 time such as 2026-11-28T02:55:00Z, not ${quote(value)}")
        }
        return value
    }

    /** An http(s) URL with a host and no user information: secrets never travel in URLs. */
    @NonCPS
    static String requireUrl(String value, String what) {
        URI uri = null
        try {
            uri = value == null ? null : new URI(value)
        } catch (URISyntaxException ignored) {
            uri = null
        }
        if (uri != null && uri.rawUserInfo != null) {
            // Not quoted: the user information may be a password.
            throw new InvalidInput("${what} carries user information (user:password@); give the URL without it")
        }
        if (uri == null || !(uri.scheme in ['http', 'https']) || !uri.host) {
            throw new InvalidInput("${what} ${quote(value)} is not an http(s) URL with a host")
        }
        return value
    }

    /** A whole number within the bounds (either may be null). */
    @NonCPS
    static int requireInteger(String value, String what, Integer min, Integer max) {
        if (value == null || !(value ==~ /-?\d{1,9}/)) {
            throw new InvalidInput("${what} ${quote(value)} is not a whole number")
        }
        int number = Integer.parseInt(value)
        if ((min != null && number < min) || (max != null && number > max)) {
            String allowed = min == null ? "of at most ${max}" : max == null ? "of at least ${min}" : "between ${min} and ${max}"
            throw new InvalidInput("${what} ${number} is outside what it takes: give a whole number ${allowed}")
        }
        return number
    }

    /** {@code true} or {@code false}, nothing else: a typo must not flip a switch. */
    @NonCPS
    static boolean requireBoolean(Object value, String what) {
        if (value instanceof Boolean) {
            return (Boolean) value
        }
        if (!(String.valueOf(value) in ['true', 'false'])) {
            throw new InvalidInput("${what} ${quote(String.valueOf(value))} is not true or false")
        }
        return String.valueOf(value) == 'true'
    }

    /** One of the listed values. */
    @NonCPS
    static String requireChoice(String value, List<String> choices, String what) {
        if (!(value in choices)) {
            throw new InvalidInput("${what} ${quote(value)} is not one of ${choices.join(', ')}")
        }
        return value
    }

    /** A Jenkins user id, group name or credentials id. */
    @NonCPS
    static String requireId(String value, String what) {
        if (value == null || !(value ==~ ID)) {
            throw new InvalidInput("${what} ${quote(value)} is not an id: use letters, digits, '.', '_', '@' and '-'")
        }
        return value
    }

    /**
     * Quotes untrusted text for a message: control characters escaped so that a value from an alert cannot forge
     * log lines, long values cut.
     */
    @NonCPS
    static String quote(String value) {
        if (value == null) {
            return '(none)'
        }
        StringBuilder out = new StringBuilder('"')
        // Code points, as core counts them: a character outside the BMP is never cut in half.
        for (int c : value.codePoints().limit(QUOTE_MAX).toArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format('\\u%04x', c))
            } else if (c == (int) ('"' as char) || c == (int) ('\\' as char)) {
                out.append('\\').appendCodePoint(c)
            } else {
                out.appendCodePoint(c)
            }
        }
        if (value.codePointCount(0, value.length()) > QUOTE_MAX) {
            out.append('...')
        }
        return out.append('"').toString()
    }

    /** Free text a person or a definition gave, taken only if it is already one printable line of at most {@code max}. */
    @NonCPS
    static String requireOneLine(String text, int max, String what) {
        if (text.length() > max || text != oneLine(text, max)) {
            throw new InvalidInput("${what} must be one printable line of at most ${max} characters")
        }
        return text
    }

    /** Free text for a record or a build description: one printable line, bounded. */
    @NonCPS
    static String oneLine(String value, int max) {
        if (value == null) {
            return ''
        }
        String cleaned = value.replaceAll(/[\p{Cntrl}\u2028\u2029]+/, ' ').strip()
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max) + '...'
    }
}
