package dev.smctl.diagnostics;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;

import dev.smctl.engine.Refused;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/** {@code kubectl top pods} (P1-01): CPU and memory per pod from the metrics API, heaviest first. */
public record PodUsage(String pod, long cpuMillicores, long memoryMebibytes) {
    public enum Order {
        MEMORY, CPU;

        /** {@code cpu} or {@code memory}, any case; memory when none is given, as {@code smctl top} sorts. */
        public static Order of(String text) {
            if (text == null || text.isBlank()) {
                return MEMORY;
            }
            try {
                return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest("'order' is cpu or memory, not " + Names.quote(text));
            }
        }
    }

    public static List<PodUsage> of(KubernetesClient client, String namespace, Order order) {
        try {
            return client.top().pods().metrics(namespace).getItems().stream()
                    .map(m -> new PodUsage(m.getMetadata().getName(),
                            m.getContainers().stream().mapToLong(c -> millicores(c.getUsage().get("cpu"))).sum(),
                            m.getContainers().stream().mapToLong(c -> mebibytes(c.getUsage().get("memory"))).sum()))
                    .sorted(order == Order.CPU ? Comparator.comparingLong(PodUsage::cpuMillicores).reversed()
                            : Comparator.comparingLong(PodUsage::memoryMebibytes).reversed())
                    .toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 503) {
                throw new Refused("the metrics API (metrics.k8s.io) is not available in this cluster: install metrics-server, or read the pods' usage in Grafana");
            }
            throw e;
        }
    }

    private static long millicores(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).multiply(BigDecimal.valueOf(1000)).longValue();
    }

    private static long mebibytes(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).divide(BigDecimal.valueOf(1024L * 1024)).longValue();
    }
}
