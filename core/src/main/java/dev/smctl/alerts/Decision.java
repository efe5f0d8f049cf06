package dev.smctl.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What became of one alert, for the sender, the audit log and the operator.
 *
 * @param route      the route that took the alert, or {@code null} when unrouted
 * @param runbook    the runbook it routes to, or {@code null}
 * @param parameters the runbook's parameters taken from the alert (validated), empty when unrouted
 * @param relatesTo  the correlation id of the run this decision refers to (the one that holds a cooldown, the one a
 *                   resolution cancels), or {@code null}
 * @param reason     one line for the operator
 */
public record Decision(Outcome outcome, AlertStatus status, AlertCause cause, String route, String runbook,
                       Map<String, String> parameters, boolean gated, String relatesTo, String reason) {

    public enum Outcome {
        /** A remediation was handed to the scheduler. */
        SCHEDULED,
        /** Routed, nothing scheduled: what {@code smctl alerts route} reports (no deduplication asked). */
        ROUTED,
        /** This incident was decided before (a retry, a repeat, the other Alertmanager of a pair). */
        DUPLICATE,
        /** Another alert started this runbook on the same parameters within the route's cooldown. */
        COOLDOWN,
        /** No route matches the alert. */
        UNROUTED,
        /** The alert resolved: the run started for it is cancelled if it is still waiting (queue or gate). */
        CANCEL,
        /** A resolution with nothing to cancel. */
        IGNORED,
        /** Not decided: the shared store or the scheduler failed; the sender is told to retry. */
        DEFERRED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Decision {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public String correlationId() {
        return cause.correlationId();
    }

    /** What {@code smctl alerts route} reports: where the alert goes, without deduplication or scheduling. */
    public static Decision routing(ReceivedAlert alert, Optional<RouteMatch> match) {
        return match.map(m -> of(Outcome.ROUTED, alert, m, null, "would start %s%s".formatted(m.route().runbook(),
                        m.route().gated() ? " behind an approval" : "")))
                .orElseGet(() -> unrouted(alert));
    }

    static Decision unrouted(ReceivedAlert alert) {
        return of(Outcome.UNROUTED, alert, null, null, "no route matches alert %s; nothing started (add a route to routes.yaml if it should start a runbook)"
                .formatted(alert.cause().alertname()));
    }

    /** A decision about an alert that matched {@code match}, or none when {@code match} is null. */
    static Decision of(Outcome outcome, ReceivedAlert alert, RouteMatch match, String relatesTo, String reason) {
        return match == null
                ? new Decision(outcome, alert.status(), alert.cause(), null, null, Map.of(), false, relatesTo, reason)
                : new Decision(outcome, alert.status(), alert.cause(), match.route().name(), match.route().runbook(), match.parameters(),
                match.route().gated(), relatesTo, reason);
    }

    /** The decision as the receiver answers it and {@code smctl alerts route} prints it. */
    public void writeTo(ObjectNode node) {
        node.put("correlationId", correlationId());
        node.put("decision", outcome.label());
        node.put("status", status.label());
        node.put("alertname", cause.alertname());
        node.put("fingerprint", cause.fingerprint());
        node.put("fingerprintComputed", cause.fingerprintComputed());
        node.put("startsAt", cause.startsAt().toString());
        node.put("route", route);
        node.put("runbook", runbook);
        ObjectNode values = node.putObject("parameters");
        parameters.forEach(values::put);
        node.put("gated", gated);
        node.put("relatesTo", relatesTo);
        node.put("reason", reason);
    }
}
