package dev.smctl.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secure Messenger platform of the runbook (shared/docs/runbook.md): namespace {@code production}, the
 * blue/green backend Deployment with a release history, the Secrets it reads, its Service, PostgreSQL, Redis, the
 * ingress and the backup CronJob.
 */
public final class Platform {
    public static final String NAMESPACE = "production";
    public static final String BACKEND = "backend";
    /** The green colour's Deployment; {@link #BACKEND} runs blue, and Service/backend selects one colour. */
    public static final String BACKEND_GREEN = "backend-green";
    public static final String IMAGE = "registry.local/secure-messenger/backend:";
    /** Releases already rolled out when the sandbox starts, oldest first; the last one is live. */
    public static final String[] RELEASES = {"2.1.0", "2.2.0", "2.3.0"};
    /**
     * The Secrets both backend colours read, with the sandbox's own values: not secrets of anyone's, named so that a
     * test can look for them in what smctl prints. {@code DATABASE_SECRET} holds the URL (for a database at
     * {@code postgres:5432}) and the password of {@link DataServices#APP_ROLE}.
     */
    public static final String DATABASE_SECRET = "backend-database";
    public static final String JWT_SECRET = "backend-jwt";
    public static final String API_KEYS_SECRET = "backend-api-keys";
    public static final String ENCRYPTION_SECRET = "backend-encryption";
    public static final Map<String, String> JWT_VALUES = Map.of("JWT_SECRET", "sandbox-jwt-signing-secret-not-a-secret", "JWT_ISSUER", "securemessenger");
    public static final Map<String, String> API_KEY_VALUES = Map.of("PUSH_API_KEY", "sandbox-push-api-key-not-a-secret",
            "WEBHOOK_API_KEY", "sandbox-webhook-api-key-not-a-secret");
    /** A keyring that has been rotated once already: one primary key, one previous key (AES-256, base64). */
    public static final Map<String, String> ENCRYPTION_VALUES = Map.of(
            "ENCRYPTION_KEY", Base64.getEncoder().encodeToString("sandbox-encryption-key-2-32bytes".getBytes(StandardCharsets.UTF_8)),
            "ENCRYPTION_PREVIOUS_KEYS", Base64.getEncoder().encodeToString("sandbox-encryption-key-1-32bytes".getBytes(StandardCharsets.UTF_8)));

    private Platform() {
    }

    /**
     * Creates the platform and rolls out {@link #RELEASES} one after the other on the blue backend; the green
     * backend (idle colour of the blue/green pair) runs the live release too.
     */
    static void seed(Sandbox sandbox) {
        KubernetesClient client = sandbox.client();
        DeploymentController controller = sandbox.controller();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        secret(client, DATABASE_SECRET, databaseValues("postgres", 5432));
        secret(client, JWT_SECRET, JWT_VALUES);
        secret(client, API_KEYS_SECRET, API_KEY_VALUES);
        secret(client, ENCRYPTION_SECRET, ENCRYPTION_VALUES);
        client.apps().deployments().inNamespace(NAMESPACE).resource(backend(BACKEND, "blue", RELEASES[0])).create();
        controller.settle(NAMESPACE, BACKEND);
        for (int i = 1; i < RELEASES.length; i++) {
            controller.release(NAMESPACE, BACKEND, IMAGE + RELEASES[i], "deploy " + RELEASES[i] + " by ci (pipeline #" + (100 + i) + ")");
        }
        client.apps().deployments().inNamespace(NAMESPACE)
                .resource(backend(BACKEND_GREEN, "green", RELEASES[RELEASES.length - 1])).create();
        client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                .withNewMetadata().withName(BACKEND).addToLabels("app", "secure-messenger").endMetadata()
                .withNewSpec().withSelector(Map.of("component", BACKEND, "color", "blue"))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(3000)).endPort()
                .endSpec().build()).create();
        statefulSet(client, "postgres", "postgres:15", 5432);
        statefulSet(client, "redis", "redis:7", 6379);
        client.network().v1().ingresses().inNamespace(NAMESPACE).resource(new IngressBuilder()
                .withNewMetadata().withName("secure-messenger")
                .addToAnnotations("nginx.ingress.kubernetes.io/proxy-read-timeout", "60").endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .addNewRule().withHost("api.securemessenger.local").withNewHttp()
                .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName(BACKEND)
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
                .endHttp().endRule().endSpec().build()).create();
        client.batch().v1().cronjobs().inNamespace(NAMESPACE).resource(new CronJobBuilder()
                .withNewMetadata().withName("postgres-backup").addToLabels("app", "backup").endMetadata()
                .withNewSpec().withSchedule("*/5 * * * *")
                .withNewJobTemplate().withNewMetadata().addToLabels("app", "backup").endMetadata().withNewSpec().withNewTemplate()
                .withNewMetadata().addToLabels("app", "backup").endMetadata()
                .withNewSpec().withRestartPolicy("OnFailure")
                .addNewContainer().withName("backup").withImage("postgres:15")
                .withCommand("/scripts/backup.sh").endContainer()
                .endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec().build()).create();
        sandbox.settle();
    }

    /** What Secret {@link #DATABASE_SECRET} holds for a database at {@code host:port}: DATABASE_URL and the password alone. */
    public static Map<String, String> databaseValues(String host, int port) {
        return Map.of("url", "postgresql://%s:%s@%s:%d/%s".formatted(DataServices.APP_ROLE, DataServices.APP_PASSWORD, host, port, DataServices.DATABASE),
                "password", DataServices.APP_PASSWORD);
    }

    /** Points Secret {@link #DATABASE_SECRET} at a real database (the demo's), as the app's DATABASE_URL would be. */
    public static void pointDatabaseSecretAt(KubernetesClient client, String host, int port) {
        client.secrets().inNamespace(NAMESPACE).withName(DATABASE_SECRET)
                .edit(secret -> new SecretBuilder(secret).withData(encoded(databaseValues(host, port))).build());
    }

    private static void secret(KubernetesClient client, String name, Map<String, String> values) {
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name).addToLabels("app", "secure-messenger")
                .endMetadata().withType("Opaque").withData(encoded(values)).build()).create();
    }

    private static Map<String, String> encoded(Map<String, String> values) {
        Map<String, String> data = new TreeMap<>();
        values.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return data;
    }

    private static io.fabric8.kubernetes.api.model.apps.Deployment backend(String name, String color, String release) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels("app", "secure-messenger").addToLabels("component", BACKEND)
                .addToAnnotations("kubernetes.io/change-cause", "deploy " + release + " by ci (pipeline #100)")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withRevisionHistoryLimit(10)
                .withProgressDeadlineSeconds(600)
                .withNewSelector().addToMatchLabels("component", BACKEND).addToMatchLabels("color", color).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "secure-messenger").addToLabels("component", BACKEND).addToLabels("color", color).endMetadata()
                .withNewSpec()
                .addNewContainer().withName(BACKEND).withImage(IMAGE + release)
                .addNewPort().withContainerPort(3000).endPort()
                .addNewEnv().withName("NODE_ENV").withValue("production").endEnv()
                .addNewEnv().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef("url", DATABASE_SECRET, false).endValueFrom().endEnv()
                .addNewEnvFrom().withNewSecretRef(JWT_SECRET, false).endEnvFrom()
                .addNewEnvFrom().withNewSecretRef(API_KEYS_SECRET, false).endEnvFrom()
                .addNewEnvFrom().withNewSecretRef(ENCRYPTION_SECRET, false).endEnvFrom()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(3000)).endHttpGet().endReadinessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static void statefulSet(KubernetesClient client, String app, String image, int port) {
        client.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(app).addToLabels("app", app).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(app)
                .withNewSelector().addToMatchLabels("app", app).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage(image).addNewPort().withContainerPort(port).endPort().endContainer().endSpec()
                .endTemplate().endSpec()
                .build()).create();
    }
}
