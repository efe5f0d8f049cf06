package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smctl.engine.Redaction;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The secret values inside a kubeconfig (tokens, client keys, passwords), so that the step's log mask can hide them. */
final class KubeconfigSecrets {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Secret by kubeconfig convention though the name does not say so. */
    private static final Set<String> SECRET_KEYS = Set.of("client-key-data", "id-token", "refresh-token");

    private KubeconfigSecrets() {
    }

    static Set<String> of(String kubeconfig) {
        Set<String> secrets = new LinkedHashSet<>();
        try {
            collect(YAML.readTree(kubeconfig), secrets);
        } catch (IOException e) {
            // Not YAML: the cluster client will refuse it; meanwhile mask it whole.
            secrets.add(kubeconfig);
        }
        return secrets;
    }

    private static void collect(JsonNode node, Set<String> secrets) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean secret = SECRET_KEYS.contains(field.getKey()) || Redaction.isSecretName(field.getKey());
                if (secret && field.getValue().isTextual() && !field.getValue().asText().isEmpty()) {
                    secrets.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), secrets);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, secrets));
        }
    }
}
