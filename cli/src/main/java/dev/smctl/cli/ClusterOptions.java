package dev.smctl.cli;

import dev.smctl.engine.Names;
import dev.smctl.k8s.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Cluster access with kubectl's options and precedence. */
final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace (default: the context's namespace, else 'default').")
    String namespace;

    ClusterAccess access() {
        return new ClusterAccess(kubeconfig, context);
    }

    KubernetesClient connect() {
        return access().connect();
    }

    String namespace() {
        return Names.requireLabel(namespace != null ? namespace : access().defaultNamespace(), "namespace");
    }
}
