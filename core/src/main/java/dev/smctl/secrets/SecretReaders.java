package dev.smctl.secrets;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Deployments whose pods read a Secret, by every way a pod template can: an env var's secretKeyRef, envFrom,
 * a secret volume or a projected one. Pods read a Secret when they start (env) or within a minute (volumes), so
 * after a rotation these are the ones to restart.
 */
final class SecretReaders {
    private SecretReaders() {
    }

    static List<Deployment> of(KubernetesClient client, String namespace, String secret) {
        return client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                .filter(deployment -> reads(deployment.getSpec().getTemplate().getSpec(), secret))
                .sorted(java.util.Comparator.comparing(d -> d.getMetadata().getName()))
                .toList();
    }

    static boolean reads(PodSpec pod, String secret) {
        if (pod == null) {
            return false;
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        Stream<String> fromContainers = containers.stream().flatMap(container -> Stream.concat(
                container.getEnv().stream().map(EnvVar::getValueFrom).filter(Objects::nonNull)
                        .map(from -> from.getSecretKeyRef() == null ? null : from.getSecretKeyRef().getName()),
                container.getEnvFrom().stream().map(EnvFromSource::getSecretRef).filter(Objects::nonNull).map(ref -> ref.getName())));
        Stream<String> fromVolumes = pod.getVolumes().stream().flatMap(SecretReaders::secretsOf);
        return Stream.concat(fromContainers, fromVolumes).anyMatch(secret::equals);
    }

    private static Stream<String> secretsOf(Volume volume) {
        if (volume.getSecret() != null) {
            return Stream.of(volume.getSecret().getSecretName());
        }
        if (volume.getProjected() != null) {
            return volume.getProjected().getSources().stream().map(VolumeProjection::getSecret).filter(Objects::nonNull)
                    .map(projection -> projection.getName());
        }
        return Stream.empty();
    }
}
