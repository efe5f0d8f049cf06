package dev.smctl.secrets;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Target;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a rotation replaces, and the size of a new value. Sizes follow the algorithms that use them: an HMAC key
 * at least as long as its hash output (RFC 7518 section 3.2, so 64 bytes covers HS512), an AES-256 key, and
 * 256 bits for passwords and API keys.
 */
public enum SecretKind {
    /** The database role's password, in the Secret the backend reads its DATABASE_URL from. */
    DB_PASSWORD("db-password", "backend-database", 32),
    /** The JWT signing secret: every token signed with the old one stops validating. */
    JWT("jwt", "backend-jwt", 64),
    /** Every secret-named key of the API keys Secret. */
    API_KEYS("api-keys", "backend-api-keys", 32),
    /** The encryption keyring: a new primary key, the previous ones kept for decryption. */
    ENCRYPTION_KEY("encryption-key", "backend-encryption", 32);

    private final String label;
    private final String defaultSecret;
    private final int valueBytes;

    SecretKind(String label, String defaultSecret, int valueBytes) {
        this.label = label;
        this.defaultSecret = defaultSecret;
        this.valueBytes = valueBytes;
    }

    /** {@code db-password}, as the command line and the runbook spell it. */
    public String label() {
        return label;
    }

    /** The Secret a rotation of this kind changes: the one named, or this kind's default when none is. */
    public Target target(String namespace, String secretOrNull) {
        return new Target("secret", namespace, secretOrNull == null || secretOrNull.isBlank() ? defaultSecret() : secretOrNull);
    }

    /** The Secret of the sandbox platform that holds this kind, used when none is named. */
    public String defaultSecret() {
        return defaultSecret;
    }

    public int valueBytes() {
        return valueBytes;
    }

    public static SecretKind parse(String label) {
        return Arrays.stream(values()).filter(kind -> kind.label.equals(label == null ? null : label.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new InvalidRequest("unknown secret kind %s; use one of %s".formatted(Names.quote(label),
                        Arrays.stream(values()).map(SecretKind::label).collect(Collectors.joining(", ")))));
    }
}
