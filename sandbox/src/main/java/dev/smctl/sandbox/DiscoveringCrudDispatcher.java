package dev.smctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher plus the discovery documents kubectl reads before anything else ({@code /api},
 * {@code /apis}, {@code /apis/apps/v1}, ...), so that a real kubectl can be pointed at the sandbox.
 */
final class DiscoveringCrudDispatcher extends KubernetesCrudDispatcher {
    /** The resources of the runbook's platform: group/version, then name, kind, namespaced, short names. */
    private record Resource(String groupVersion, String name, String kind, boolean namespaced, List<String> shortNames) {
    }

    private static final List<Resource> RESOURCES = List.of(
            new Resource("v1", "namespaces", "Namespace", false, List.of("ns")),
            new Resource("v1", "pods", "Pod", true, List.of("po")),
            new Resource("v1", "services", "Service", true, List.of("svc")),
            new Resource("v1", "endpoints", "Endpoints", true, List.of("ep")),
            new Resource("v1", "configmaps", "ConfigMap", true, List.of("cm")),
            new Resource("v1", "secrets", "Secret", true, List.of()),
            new Resource("v1", "events", "Event", true, List.of("ev")),
            new Resource("apps/v1", "deployments", "Deployment", true, List.of("deploy")),
            new Resource("apps/v1", "replicasets", "ReplicaSet", true, List.of("rs")),
            new Resource("apps/v1", "statefulsets", "StatefulSet", true, List.of("sts")),
            new Resource("batch/v1", "jobs", "Job", true, List.of()),
            new Resource("batch/v1", "cronjobs", "CronJob", true, List.of("cj")),
            new Resource("networking.k8s.io/v1", "ingresses", "Ingress", true, List.of("ing")),
            new Resource("coordination.k8s.io/v1", "leases", "Lease", true, List.of()));

    private static final Pattern POD_LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    private static final Pattern POD_METRICS = Pattern.compile("/apis/metrics.k8s.io/v1beta1/namespaces/([^/]+)/pods");

    /** One injected failure: the next request with this method and path gets this status. */
    private record Failure(String method, String path, int code) {
    }

    private final Map<String, String> documents = documents();
    private final PodLogs logs;
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean metrics = true;

    DiscoveringCrudDispatcher(PodLogs logs) {
        this.logs = logs;
    }

    /** Whether {@code metrics.k8s.io} answers, as it does where metrics-server is installed. */
    void serveMetrics(boolean enabled) {
        metrics = enabled;
    }

    void failNext(String method, String path, int code) {
        failures.add(new Failure(method, path, code));
    }

    /** client-go asks for protobuf and decodes a response without a JSON content type as such. */
    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath().replaceFirst("\\?.*", "");
        for (Failure failure : failures) {
            if (failure.method().equals(request.getMethod()) && failure.path().equals(path) && failures.remove(failure)) {
                String reason = switch (failure.code()) {
                    case 403 -> "Forbidden";
                    case 409 -> "Conflict";
                    default -> "InternalError";
                };
                return new MockResponse().setResponseCode(failure.code()).setHeader("Content-Type", "application/json")
                        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected by the sandbox\",\"reason\":\"%s\",\"code\":%d}"
                                .formatted(reason, failure.code()));
            }
        }
        MockResponse response = super.dispatch(request);
        return response == null ? null : response.setHeader("Content-Type", "application/json");
    }

    @Override
    public MockResponse handleGet(String path) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String document = documents.get(bare);
        if (document != null) {
            return new MockResponse().setResponseCode(200).setBody(document);
        }
        Matcher log = POD_LOG.matcher(bare);
        if (log.matches()) {
            return podLog(log.group(1), log.group(2), path);
        }
        Matcher podMetrics = POD_METRICS.matcher(bare);
        if (podMetrics.matches()) {
            return metrics ? podMetrics(podMetrics.group(1)) : new MockResponse().setResponseCode(404)
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\",\"code\":404}");
        }
        return typedList(bare, super.handleGet(path));
    }

    private MockResponse podLog(String namespace, String pod, String path) {
        if (super.handleGet("/api/v1/namespaces/" + namespace + "/pods/" + pod).code() == 404) {
            return new MockResponse().setResponseCode(404);
        }
        Matcher tail = Pattern.compile("[?&]tailLines=(\\d+)").matcher(path);
        int lines = tail.find() ? Integer.parseInt(tail.group(1)) : -1;
        List<String> text = logs.tail(namespace, pod, lines);
        return new MockResponse().setResponseCode(200).setBody(text.isEmpty() ? "" : String.join("\n", text) + "\n");
    }

    /** Usage per pod: a busy backend, a database and a cache, in the units metrics-server reports. */
    private MockResponse podMetrics(String namespace) {
        MockResponse pods = super.handleGet("/api/v1/namespaces/" + namespace + "/pods");
        JsonNode list = Serialization.unmarshal(new String(pods.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
        ObjectNode metricsList = Serialization.jsonMapper().createObjectNode();
        metricsList.put("apiVersion", "metrics.k8s.io/v1beta1").put("kind", "PodMetricsList");
        var items = metricsList.putArray("items");
        for (JsonNode pod : list.path("items")) {
            String name = pod.path("metadata").path("name").asText();
            String container = pod.path("spec").path("containers").path(0).path("name").asText();
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", name).put("namespace", namespace);
            item.put("timestamp", "2026-01-01T00:00:00Z").put("window", "30s");
            ObjectNode usage = item.putArray("containers").addObject().put("name", container).putObject("usage");
            boolean backend = name.startsWith("backend");
            usage.put("cpu", backend ? "850m" : "120m").put("memory", backend ? "1843Mi" : "512Mi");
        }
        return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(metricsList));
    }

    /**
     * The CRUD dispatcher answers lists as {@code v1/List}; client-go's typed clients decode only their own
     * list kind ({@code apps/v1/ReplicaSetList}) and would see no items.
     */
    private static MockResponse typedList(String path, MockResponse response) {
        String body = response.getBody() == null ? null : new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (body == null || !body.contains("\"kind\":\"List\"")) {
            return response;
        }
        for (Resource resource : RESOURCES) {
            String prefix = resource.groupVersion().equals("v1") ? "/api/v1/" : "/apis/" + resource.groupVersion() + "/";
            if (path.startsWith(prefix) && path.endsWith("/" + resource.name())) {
                ObjectNode list = (ObjectNode) Serialization.unmarshal(body, JsonNode.class);
                list.put("apiVersion", resource.groupVersion());
                list.put("kind", resource.kind() + "List");
                return response.setBody(Serialization.asJson(list));
            }
        }
        return response;
    }

    private static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("/version", "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-smctl-sandbox\",\"platform\":\"linux/amd64\"}");
        documents.put("/api", Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()));
        Map<String, List<Resource>> byGroupVersion = new LinkedHashMap<>();
        RESOURCES.forEach(r -> byGroupVersion.computeIfAbsent(r.groupVersion(), k -> new ArrayList<>()).add(r));
        APIGroupListBuilder groups = new APIGroupListBuilder();
        byGroupVersion.forEach((groupVersion, resources) -> {
            String path = groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion;
            documents.put(path, Serialization.asJson(new APIResourceListBuilder().withGroupVersion(groupVersion)
                    .withResources(resources.stream().map(r -> new APIResourceBuilder().withName(r.name()).withKind(r.kind())
                            .withNamespaced(r.namespaced()).withShortNames(r.shortNames()).withSingularName("")
                            .withVerbs("create", "delete", "get", "list", "patch", "update", "watch").build()).toList())
                    .build()));
            if (!groupVersion.equals("v1")) {
                String group = groupVersion.substring(0, groupVersion.indexOf('/'));
                var version = new GroupVersionForDiscoveryBuilder().withGroupVersion(groupVersion)
                        .withVersion(groupVersion.substring(groupVersion.indexOf('/') + 1)).build();
                groups.addToGroups(new APIGroupBuilder().withName(group).withVersions(version).withPreferredVersion(version).build());
            }
        });
        documents.put("/apis", Serialization.asJson(groups.build()));
        return documents;
    }
}
