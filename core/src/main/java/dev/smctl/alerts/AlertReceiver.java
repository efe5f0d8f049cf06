package dev.smctl.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.alerts.DecisionAudit.AuditFailure;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Failures;
import dev.smctl.engine.Names;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Unavailable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Alertmanager webhook, without HTTP: a body and headers in, a status and a JSON body out, so the Jenkins
 * endpoint and {@code smctl alerts serve} answer alike. The answers follow Alertmanager's retry rules:
 * <ul>
 * <li>202 with one decision (and correlation id) per alert: accepted, whatever was decided;</li>
 * <li>401 without the right bearer token; 4xx for a notification refused in whole (nothing from it is scheduled):
 *     never retried, so a broken sender shows up in Alertmanager's log instead of looping;</li>
 * <li>503 only when the shared store, the scheduler or the audit log fails: transient, Alertmanager retries, and
 *     what was decided before the failure is deduplicated on the retry.</li>
 * </ul>
 * Every decision and every refused notification from an authenticated sender is audited; unauthenticated requests
 * are not, so that nobody without the token can grow the audit log.
 */
public final class AlertReceiver {
    private static final Logger LOG = Logger.getLogger(AlertReceiver.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] tokenDigest;
    private final PayloadParser parser;
    private final Routes routes;
    private final AlertDispatcher dispatcher;
    private final DecisionAudit audit;

    /** A status and a JSON body ({@code application/json}). */
    public record Response(int status, String body) {
    }

    /**
     * @param token the bearer token senders must present (Alertmanager: {@code http_config.authorization.credentials_file});
     *              only its SHA-256 is kept
     * @param via   names this receiver in audit records ({@code smctl alerts serve}, {@code Jenkins})
     * @throws Refused when the audit log cannot be written: a receiver that cannot record decides nothing
     */
    public AlertReceiver(Secret token, PayloadParser parser, Routes routes, AlertDispatcher dispatcher, AuditLog audit, String via, Clock clock) {
        if (token == null || token.reveal().length() < 16) {
            throw new IllegalArgumentException("the receiver's token must have at least 16 characters");
        }
        this.tokenDigest = digest(token.reveal());
        this.parser = parser;
        this.routes = routes;
        this.dispatcher = dispatcher;
        this.audit = new DecisionAudit(audit, via, clock);
        // Once, at start: checking on every request would race with the appends of concurrent requests.
        this.audit.checkWritable();
    }

    /** The largest body accepted; an HTTP adapter reads at most one byte more and passes what it read. */
    public int maxBodyBytes() {
        return parser.maxBytes();
    }

    /**
     * @param header a header's value by name, case-insensitively, or {@code null}
     */
    public Response receive(byte[] body, Function<String, String> header) {
        try {
            if (!authorized(header.apply("Authorization"))) {
                return error(401, "missing or wrong bearer token: set http_config.authorization.credentials_file in the webhook_config");
            }
            return decideAll(body, header.apply("Content-Type"));
        } catch (AuditFailure e) {
            LOG.log(Level.SEVERE, "the alert receiver cannot write its audit log", e.getCause());
            return error(503, "the receiver cannot write its audit log (%s); fix it, Alertmanager will retry".formatted(Failures.describe(e.getCause())));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the alert receiver failed unexpectedly", e);
            return error(500, "the receiver failed unexpectedly (%s); see its log".formatted(e.getClass().getSimpleName()));
        }
    }

    private Response decideAll(byte[] body, String contentType) {
        List<ReceivedAlert> alerts;
        List<Optional<RouteMatch>> matches = new ArrayList<>();
        try {
            if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new InvalidPayload(415, "content type %s is not application/json".formatted(Names.quote(contentType)));
            }
            alerts = parser.parse(body);
            // Every alert is routed before any is decided: a notification with one unacceptable value starts nothing.
            for (int i = 0; i < alerts.size(); i++) {
                matches.add(routes.route(alerts.get(i), "alerts[%d]".formatted(i)));
            }
        } catch (InvalidPayload e) {
            audit.refused(body, e.httpStatus(), e.getMessage());
            return error(e.httpStatus(), "notification refused, nothing started: " + e.getMessage());
        }
        ArrayNode decisions = JSON.createArrayNode();
        for (int i = 0; i < alerts.size(); i++) {
            ReceivedAlert alert = alerts.get(i);
            Decision decision;
            try {
                decision = dispatcher.decide(alert, matches.get(i));
            } catch (RuntimeException e) {
                String why = e instanceof Unavailable ? e.getMessage() : Failures.describe(e);
                if (!(e instanceof Unavailable)) {
                    LOG.log(Level.WARNING, "deciding alert " + alert.cause().correlationId() + " failed", e);
                }
                decision = Decision.of(Decision.Outcome.DEFERRED, alert, matches.get(i).orElse(null), null, "not decided: " + why);
                audit.decided(decision);
                decision.writeTo(decisions.addObject());
                return respond(503, "not every alert could be decided; Alertmanager will retry the notification: " + why, decisions);
            }
            audit.decided(decision);
            decision.writeTo(decisions.addObject());
        }
        return respond(202, null, decisions);
    }

    private boolean authorized(String authorization) {
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests have one length whatever was sent, so the comparison takes the same time for every guess.
        return MessageDigest.isEqual(digest(authorization.substring(7).strip()), tokenDigest);
    }

    private static byte[] digest(String text) {
        return Sha256.digest().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Response error(int status, String message) {
        return respond(status, message, null);
    }

    private static Response respond(int status, String error, ArrayNode decisions) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        if (error != null) {
            body.put("error", error);
        }
        if (decisions != null) {
            body.set("decisions", decisions);
        }
        return new Response(status, body.toString());
    }
}
