package dev.smctl.k8s;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Target;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads the object a request names, or says precisely why it cannot be found. */
public final class Lookups {
    private Lookups() {
    }

    public static <T extends HasMetadata> T require(KubernetesClient client, Class<T> type, Target target) {
        T found = client.resources(type).inNamespace(target.namespace()).withName(target.name()).get();
        if (found != null) {
            return found;
        }
        if (client.namespaces().withName(target.namespace()).get() == null) {
            throw new InvalidRequest("namespace %s does not exist in this cluster; check -n and --context".formatted(target.namespace()));
        }
        throw new InvalidRequest("%s not found; see 'kubectl get %s -n %s'".formatted(target, target.kind(), target.namespace()));
    }
}
