package dev.smctl.cli;

import dev.smctl.engine.Names;
import dev.smctl.k8s.ClusterAccess;
import io.fabric8.kubernetes.client.Config;
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

    /** Reads the kubeconfig (no request yet); a broken one fails here, before anything else. */
    Config config() {
        return new ClusterAccess(kubeconfig, context).config();
    }

    KubernetesClient connect(Config config) {
        return ClusterAccess.connect(config);
    }

    String namespace(Config config) {
        return Names.requireLabel(namespace != null ? namespace : ClusterAccess.defaultNamespace(config), "namespace");
    }
}
