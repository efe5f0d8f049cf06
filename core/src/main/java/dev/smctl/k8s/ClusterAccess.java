package dev.smctl.k8s;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Cluster access the way kubectl finds it: {@code --kubeconfig}, else {@code KUBECONFIG}, else
 * {@code ~/.kube/config}, else the in-cluster service account; {@code --context} picks a context. Unlike
 * fabric8's auto-configuration, a kubeconfig that does not parse or a context that does not exist is an error,
 * never a silent fallback to another cluster.
 *
 * @param kubeconfig explicit kubeconfig file, or {@code null}
 * @param context context name, or {@code null} for the current one
 */
public record ClusterAccess(Path kubeconfig, String context) {
    /** Bounds so an unreachable API server fails in seconds, not after fabric8's default retries. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int REQUEST_TIMEOUT_MS = 30_000;
    private static final int RETRY_BACKOFF_LIMIT = 1;

    public Config config() {
        Config config;
        if (kubeconfig != null) {
            config = Config.fromKubeconfig(context, parse(kubeconfig.toFile()));
        } else {
            List<File> files = Config.getKubeconfigFilenames().stream().map(File::new).filter(File::isFile).toList();
            files.forEach(ClusterAccess::parse);
            config = Config.autoConfigure(context);
        }
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            throw new InvalidRequest("context %s not found in the kubeconfig; available: %s".formatted(Names.quote(context),
                    config.getContexts().stream().map(NamedContext::getName).toList()));
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new InvalidRequest("no Kubernetes API server configured: pass --kubeconfig, set KUBECONFIG, or run in a cluster");
        }
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(RETRY_BACKOFF_LIMIT);
        return config;
    }

    /**
     * A client on the JDK's HTTP client, named explicitly: with Vert.x's also on the classpath (the sandbox
     * needs it), fabric8 would pick one at random.
     */
    public static KubernetesClient connect(Config config) {
        boolean plainHttp = config.getMasterUrl().startsWith("http://");
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(plainHttp ? new Http11ClientFactory() : new JdkHttpClientFactory()).build();
    }

    /**
     * Plain HTTP API endpoints ({@code kubectl proxy}, the sandbox) get HTTP/1.1: the JDK client's h2c upgrade
     * request hangs against servers that do not answer it. TLS endpoints negotiate HTTP/2 through ALPN.
     */
    private static final class Http11ClientFactory extends JdkHttpClientFactory {
        @Override
        protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
            builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
    }

    /** The namespace of the chosen context, or {@code default}, as kubectl does without {@code -n}. */
    public static String defaultNamespace(Config config) {
        String namespace = config.getNamespace();
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    private static File parse(File file) {
        if (!Files.isReadable(file.toPath())) {
            throw new InvalidRequest("kubeconfig %s does not exist or cannot be read".formatted(Names.quote(file.getPath())));
        }
        try {
            io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfig(file);
            if (parsed == null || parsed.getClusters() == null || parsed.getClusters().isEmpty()) {
                throw new InvalidRequest("kubeconfig %s has no clusters; is it a kubeconfig file?".formatted(Names.quote(file.getPath())));
            }
            return file;
        } catch (InvalidRequest e) {
            throw e;
        } catch (RuntimeException e) {
            // The parser's message can quote file content; a kubeconfig holds tokens, so say only where it failed.
            throw new InvalidRequest("kubeconfig %s is not a valid kubeconfig (YAML with clusters, contexts and users); fix it or pass another with --kubeconfig"
                    .formatted(Names.quote(file.getPath())));
        }
    }
}
