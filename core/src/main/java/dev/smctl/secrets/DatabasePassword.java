package dev.smctl.secrets;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Target;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a database password sits in a Secret: as the whole value of a password-named key ({@code password},
 * {@code PGPASSWORD}), or as the userinfo password of a {@code postgresql://user:password@host/db} URL
 * ({@code DATABASE_URL}). Every such key must hold the same password; a rotation replaces it in all of them.
 *
 * @param urlUsers the user of each URL key
 * @param current the password they all hold
 */
record DatabasePassword(Map<String, String> urlUsers, List<String> plainKeys, Secret current) {
    private static final Pattern URL = Pattern.compile("(?i)(postgres(?:ql)?://)([^:@/?#]+):([^@/?#]*)@(.*)", Pattern.DOTALL);

    static DatabasePassword find(Target secret, Map<String, Secret> data) {
        Map<String, String> urlUsers = new LinkedHashMap<>();
        List<String> plainKeys = new ArrayList<>();
        Map<String, Secret> passwords = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            Matcher url = value == null ? null : URL.matcher(value.reveal());
            if (url != null && url.matches()) {
                urlUsers.put(key, decode(url.group(2)));
                passwords.put(key, Secret.of(decode(url.group(3))));
            } else if (isPasswordKey(key)) {
                plainKeys.add(key);
                passwords.put(key, value);
            }
        });
        if (passwords.isEmpty()) {
            throw new InvalidRequest("%s holds no database password: expected a key named like 'password' or a postgresql://USER:PASSWORD@HOST/DB URL; keys are %s"
                    .formatted(secret, new TreeSet<>(data.keySet())));
        }
        Set<Secret> distinct = new HashSet<>(passwords.values());
        if (distinct.size() > 1 || distinct.contains(null)) {
            throw new Refused("the keys %s of %s do not hold one same non-empty password, so it is unclear which one the database has; make them agree, then rotate"
                    .formatted(passwords.keySet(), secret));
        }
        return new DatabasePassword(urlUsers, plainKeys, distinct.iterator().next());
    }

    /** The role to rotate: the one named, else the one the URLs log in as. */
    String role(Target secret, String named) {
        Set<String> users = new TreeSet<>(urlUsers.values());
        if (named != null) {
            if (!users.isEmpty() && !users.equals(Set.of(named))) {
                throw new InvalidRequest("%s logs in as %s, not as role %s; pass the role its URL names, or fix the URL"
                        .formatted(secret, users, named));
            }
            return named;
        }
        if (users.size() != 1) {
            throw new InvalidRequest("%s does not say which database role it logs in as%s; pass --role ROLE"
                    .formatted(secret, users.isEmpty() ? "" : " (its URLs name " + users + ")"));
        }
        return users.iterator().next();
    }

    /** The new values of every key that holds the password, given the Secret's current values. */
    Map<String, Secret> with(Secret password, Map<String, Secret> data) {
        Map<String, Secret> changed = new TreeMap<>();
        urlUsers.keySet().forEach(key -> {
            Matcher url = URL.matcher(data.get(key).reveal());
            if (!url.matches()) {
                throw new IllegalStateException("key " + key + " stopped being a database URL");
            }
            changed.put(key, Secret.of(url.group(1) + url.group(2) + ":" + encode(password.reveal()) + "@" + url.group(4)));
        });
        plainKeys.forEach(key -> changed.put(key, password));
        return changed;
    }

    private static boolean isPasswordKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("passwd");
    }

    /** Userinfo is percent-encoded; a literal '+' there is a plus, not a space (URLDecoder is for forms). */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
