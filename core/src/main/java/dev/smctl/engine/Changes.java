package dev.smctl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Field-level differences between two JSON trees, as the plan shows them. */
public final class Changes {
    private Changes() {
    }

    /**
     * Every leaf that differs between {@code before} and {@code after}, as JSON pointers under {@code base}.
     * The raw trees are compared, so a changed secret is a change; its values are redacted (a secret-named
     * key, or a URL with credentials, shows as {@link Redaction#REDACTED}).
     */
    public static List<Change> between(String base, JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        diff(base, orMissing(before), orMissing(after), false, changes);
        return List.copyOf(changes);
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null || node.isNull() ? MissingNode.getInstance() : node;
    }

    /** @param secret the values below are secret (a secret-named key, or the value of a secret-named env var) */
    private static void diff(String path, JsonNode before, JsonNode after, boolean secret, List<Change> out) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            boolean secretEnv = secretEnvEntry(before) || secretEnvEntry(after);
            for (String key : keys) {
                boolean childSecret = secret || Redaction.isSecretName(key) || (secretEnv && key.equals("value"));
                diff(path + "/" + escape(key), before.path(key), after.path(key), childSecret, out);
            }
        } else if (before.isArray() && after.isArray()) {
            int size = Math.max(before.size(), after.size());
            for (int i = 0; i < size; i++) {
                diff(path + "/" + i, before.path(i), after.path(i), secret, out);
            }
        } else {
            out.add(new Change(path, shown(before, secret), shown(after, secret)));
        }
    }

    private static boolean secretEnvEntry(JsonNode node) {
        return node.isObject() && node.path("name").isTextual() && node.has("value") && Redaction.isSecretName(node.path("name").asText());
    }

    private static Object shown(JsonNode node, boolean secret) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (secret) {
            return Redaction.REDACTED;
        }
        if (node.isContainerNode()) {
            return Redaction.tree(node).toString();
        }
        return node.isTextual() ? Redaction.text(node.asText()) : plain(node);
    }

    /** JSON pointer escaping (RFC 6901): annotation keys contain '/'. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static Object plain(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.toString();
    }

}
