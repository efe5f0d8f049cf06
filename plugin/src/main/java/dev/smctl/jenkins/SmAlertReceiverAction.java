package dev.smctl.jenkins;

import dev.smctl.alerts.AlertReceiver;
import dev.smctl.alerts.DedupRecord;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import dev.smctl.jenkins.work.AlertEndpoint;
import dev.smctl.jenkins.work.RunsByIncident;
import dev.smctl.k8s.ClusterAccess;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Queue;
import hudson.model.UnprotectedRootAction;
import hudson.security.csrf.CrumbExclusion;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.POST;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Alertmanager's webhook: {@code POST <JENKINS_URL>/smctl-alerts/receive} with {@code Authorization: Bearer <token>}
 * (docs/alerts.md). Reachable without a Jenkins login and without a crumb, because core's receiver checks the
 * token before it reads anything else; it answers 202 as soon as every alert is decided and recorded, having
 * queued a runbook build per new incident ({@link JenkinsScheduler}). Jenkins' own {@code buildWithParameters}
 * keeps working beside it. The alert records live in Leases of the default namespace, reached with the
 * controller's own cluster access (in-cluster service account, else its kubeconfig). The runs it started, and how
 * far they got, are where a resolved alert and the run's own checks ({@code smIncidentState},
 * {@code smUntilAlertResolves}) meet.
 */
@Extension
public final class SmAlertReceiverAction implements UnprotectedRootAction {
    static final String URL_NAME = "smctl-alerts";

    private final RunsByIncident<Queue.Item> runs = new RunsByIncident<>();
    private final JenkinsScheduler scheduler = new JenkinsScheduler(runs);
    private AlertEndpoint endpoint;
    private KubernetesClient client;

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @POST
    public void doReceive(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        AlertReceiver.Response answer;
        try {
            answer = endpoint().answer(request.getInputStream(), request::getHeader);
        } catch (InvalidRequest | Refused e) {
            // Not configured, a broken routes.yaml, an audit log that cannot be written: 503 keeps the notification.
            answer = AlertEndpoint.notConfigured(e.getMessage());
        }
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(answer.body());
    }

    static SmAlertReceiverAction get() {
        return ExtensionList.lookupSingleton(SmAlertReceiverAction.class);
    }

    RunsByIncident<Queue.Item> runs() {
        return runs;
    }

    /**
     * The receiver's record of an incident's resolution, read from the cluster.
     *
     * @throws InvalidRequest or {@link Refused} when the receiver is not configured, or
     *         {@link dev.smctl.engine.Unavailable} when the cluster cannot be reached
     */
    Optional<DedupRecord> resolution(String incidentKey) {
        return endpoint().resolution(incidentKey);
    }

    /** Built on the first request, and again when the configuration it was built from changes. */
    private synchronized AlertEndpoint endpoint() {
        AlertEndpoint.Settings settings = SmctlConfiguration.get().alertSettings();
        if (endpoint == null || !endpoint.settings().equals(settings)) {
            if (endpoint != null) {
                endpoint.close();
                client.close();
            }
            client = ClusterAccess.connect(new ClusterAccess(null, null).config());
            endpoint = AlertEndpoint.start(settings, scheduler, client, Clock.systemUTC());
        }
        return endpoint;
    }

    /** Alertmanager sends no crumb: the webhook's own bearer token is its protection. */
    @Extension
    public static final class WebhookCrumbExclusion extends CrumbExclusion {
        @Override
        public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
            String path = request.getPathInfo();
            if (path != null && path.startsWith("/" + URL_NAME + "/")) {
                chain.doFilter(request, response);
                return true;
            }
            return false;
        }
    }
}
