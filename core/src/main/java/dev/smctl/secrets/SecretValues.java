package dev.smctl.secrets;

import dev.smctl.engine.Secret;
import dev.smctl.engine.Sha256;

import java.security.SecureRandom;
import java.util.Base64;

/** New secret values, and the only form in which any value, old or new, is ever shown: its fingerprint. */
public final class SecretValues {
    /** 48 bits: enough to tell two values apart in a plan, too short to help anyone guess a 256-bit value. */
    private static final int FINGERPRINT_HEX_DIGITS = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretValues() {
    }

    /** {@code bytes} random bytes in URL-safe base64 without padding: fits a URL's userinfo and an HTTP header as it is. */
    public static Secret urlSafe(int bytes) {
        return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(random(bytes)));
    }

    /** {@code bytes} random bytes in standard base64, the form key-loading code decodes. */
    public static Secret base64(int bytes) {
        return Secret.of(Base64.getEncoder().encodeToString(random(bytes)));
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    /** {@code sha256:3f1c0a9b2e4d}: a short SHA-256 prefix, what plans, records and messages show instead of a value. */
    public static String fingerprint(Secret value) {
        return value == null ? "(none)" : "sha256:" + Sha256.hex(value.reveal()).substring(0, FINGERPRINT_HEX_DIGITS);
    }
}
