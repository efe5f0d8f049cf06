package dev.smctl.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.smctl.engine.Conflict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * JSON Patches guarded by the resourceVersion a plan was computed from: the server answers 409 if anything
 * changed since, which becomes a {@link Conflict} for the runner to re-plan. One request, no prior GET.
 */
public final class Patches {
    private Patches() {
    }

    /** A patch whose first operation pins the resourceVersion. */
    public static ArrayNode guardedBy(String resourceVersion) {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        return patch;
    }

    /**
     * Sends {@code patch} to the object of {@code type} named by {@code namespace}/{@code name}.
     * fabric8's {@code withName(..).patch(..)} GETs the object first; patching through a stub does not.
     */
    public static <T extends HasMetadata> T apply(KubernetesClient client, Class<T> type, String namespace, String name, ArrayNode patch) {
        T stub = Serialization.unmarshal("{\"apiVersion\":\"%s\",\"kind\":\"%s\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\"}}"
                .formatted(HasMetadata.getApiVersion(type), HasMetadata.getKind(type), name, namespace), type);
        try {
            return client.resource(stub).patch(PatchContext.of(PatchType.JSON), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new Conflict("%s %s/%s changed since it was read".formatted(HasMetadata.getKind(type), namespace, name));
            }
            throw e;
        }
    }

    /** JSON pointer escaping (RFC 6901): label and annotation keys contain '/'. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
