package dev.smctl.engine;

import java.util.Arrays;

/**
 * A password or token read from the environment, a file or a credentials store. It never shows itself:
 * {@code toString()} is redacted, so it cannot reach a log, a record or an exception message by accident.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** @return the secret, or {@code null} when {@code value} is null or empty */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value.toCharArray());
    }

    /** The value, for the one call that needs it (a driver's password property). */
    public String reveal() {
        return new String(value);
    }

    @Override
    public String toString() {
        return Redaction.REDACTED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Arrays.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
