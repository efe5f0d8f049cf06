package dev.smctl.jenkins;

import dev.smctl.alerts.AlertReceiver;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import dev.smctl.jenkins.work.AlertEndpoint;
import dev.smctl.k8s.ClusterAccess;
import hudson.Extension;
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

/**
 * Alertmanager's webhook: {@code POST <JENKINS_URL>/smctl-alerts/receive} with {@code Authorization: Bearer <token>}
 * (docs/alerts.md). Reachable without a Jenkins login and without a crumb, because core's receiver checks the
 * token before it reads anything else; it answers 202 as soon as every alert is decided and recorded, having
 * queued a runbook build per new incident ({@link JenkinsScheduler}). Jenkins' own {@code buildWithParameters}
 * keeps working beside it. The alert records live in Leases of the default namespace, reached with the
 * controller's own cluster access (in-cluster service account, else its kubeconfig).
 */
@Extension
public final class SmAlertReceiverAction implements UnprotectedRootAction {
    static final String URL_NAME = "smctl-alerts";

    private final JenkinsScheduler scheduler = new JenkinsScheduler();
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
