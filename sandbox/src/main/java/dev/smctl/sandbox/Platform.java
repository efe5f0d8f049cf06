package dev.smctl.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/**
 * The Secure Messenger platform of the runbook (shared/docs/runbook.md): namespace {@code production}, the
 * blue/green backend Deployment with a release history, its Service, PostgreSQL, Redis, the ingress and the
 * backup CronJob.
 */
public final class Platform {
    public static final String NAMESPACE = "production";
    public static final String BACKEND = "backend";
    /** The green colour's Deployment; {@link #BACKEND} runs blue, and Service/backend selects one colour. */
    public static final String BACKEND_GREEN = "backend-green";
    public static final String IMAGE = "registry.local/secure-messenger/backend:";
    /** Releases already rolled out when the sandbox starts, oldest first; the last one is live. */
    public static final String[] RELEASES = {"2.1.0", "2.2.0", "2.3.0"};

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
                .addNewEnv().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef("url", "backend-database", false).endValueFrom().endEnv()
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
