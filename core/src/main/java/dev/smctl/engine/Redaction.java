package dev.smctl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes secrets from what we record and print. Applied where data is read (parameters, pod templates,
 * URLs), so that no later step can leak what it never held.
 */
public final class Redaction {
    public static final String REDACTED = "[redacted]";

    /** Keys and environment variable names that hold secrets by convention. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|signing[-_]?key|encryption[-_]?key|dsn|connection[-_]?string).*");
    private static final Pattern URL_WITH_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s]*@");
    /** key=value pairs anywhere in text (query strings, JDBC ;password=, log lines) whose key names a secret. */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)\\b([a-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|credential|auth)[a-z0-9_.-]*)=([^&\\s;,\"']+)");

    private Redaction() {
    }

    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** Parameters as given, with secret-named values and URL credentials removed. */
    public static Map<String, String> parameters(Map<String, String> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((key, value) -> out.put(key, value == null ? null : isSecretName(key) ? REDACTED : text(value)));
        return out;
    }

    /**
     * Free text that may contain a URL: userinfo and secret-named query parameters are removed
     * ({@code https://user:pw@host/health?token=x} becomes {@code https://[redacted]@host/health?token=[redacted]}).
     */
    public static String text(String value) {
        if (value == null) {
            return null;
        }
        String withoutUserinfo = URL_WITH_USERINFO.matcher(value).replaceAll("$1" + REDACTED + "@");
        return SECRET_ASSIGNMENT.matcher(withoutUserinfo).replaceAll("$1=" + java.util.regex.Matcher.quoteReplacement(REDACTED));
    }

    /** A URL safe to print: scheme, host, port and path only. */
    public static String url(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString()
                    + (uri.getRawUserInfo() != null || uri.getRawQuery() != null ? " (credentials and query hidden)" : "");
        } catch (URISyntaxException e) {
            return REDACTED;
        }
    }

    /**
     * A copy of a JSON tree (a pod template, an object's state) with secrets removed: values under
     * secret-named keys, and the {@code value} of environment variables with secret-like names.
     */
    public static JsonNode tree(JsonNode node) {
        JsonNode copy = node.deepCopy();
        redactInPlace(copy);
        return copy;
    }

    private static void redactInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean secretEnv = object.has("name") && object.get("name").isTextual() && object.has("value")
                    && isSecretName(object.get("name").asText());
            if (secretEnv) {
                object.put("value", REDACTED);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isValueNode() && isSecretName(field.getKey())) {
                    field.setValue(new TextNode(REDACTED));
                } else if (field.getValue().isTextual()) {
                    field.setValue(new TextNode(text(field.getValue().asText())));
                } else {
                    redactInPlace(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, new TextNode(text(array.get(i).asText())));
                } else {
                    redactInPlace(array.get(i));
                }
            }
        }
    }
}
