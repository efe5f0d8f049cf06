package dev.smctl.secrets;

import dev.smctl.engine.Secret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An encryption keyring in two Secret keys, as Laravel and Rails keep theirs: {@value #PRIMARY} encrypts,
 * {@value #PREVIOUS} (comma-separated, newest first) still decrypts. Rotating adds a key and demotes the primary;
 * nothing here ever removes a key, because rows encrypted with it would become unreadable. Retiring a key is a
 * manual step, after every row has been re-encrypted.
 *
 * @param primary the current primary key, or {@code null} when the Secret has none yet
 */
record Keyring(Secret primary, List<Secret> previous) {
    static final String PRIMARY = "ENCRYPTION_KEY";
    static final String PREVIOUS = "ENCRYPTION_PREVIOUS_KEYS";

    Keyring {
        previous = List.copyOf(previous);
    }

    static Keyring of(Map<String, Secret> data) {
        Secret previous = data.get(PREVIOUS);
        List<Secret> keys = previous == null ? List.of() : Arrays.stream(previous.reveal().split(","))
                .map(String::strip).map(Secret::of).filter(Objects::nonNull).toList();
        return new Keyring(data.get(PRIMARY), keys);
    }

    /** {@code key} becomes primary; the old primary and every previous key stay, newest first. */
    Keyring rotatedTo(Secret key) {
        Set<Secret> older = new LinkedHashSet<>();
        if (primary != null) {
            older.add(primary);
        }
        older.addAll(previous);
        older.remove(key);
        return new Keyring(key, new ArrayList<>(older));
    }

    /** Every key of this ring: what data may be encrypted with. */
    Set<Secret> keys() {
        Set<Secret> keys = new LinkedHashSet<>();
        if (primary != null) {
            keys.add(primary);
        }
        keys.addAll(previous);
        return keys;
    }

    /** The rule a rotation must keep: no key that data may still be encrypted with goes missing. */
    boolean keepsEveryKeyOf(Keyring older) {
        return keys().containsAll(older.keys());
    }

    Map<String, Secret> data() {
        Map<String, Secret> data = new LinkedHashMap<>();
        data.put(PRIMARY, primary);
        if (!previous.isEmpty()) {
            data.put(PREVIOUS, Secret.of(previous.stream().map(Secret::reveal).collect(Collectors.joining(","))));
        }
        return data;
    }
}
