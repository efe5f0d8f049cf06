package dev.smctl.alerts;

import dev.smctl.alerts.Decision.Outcome;
import dev.smctl.alerts.DedupStore.Kind;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Names;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides what one routed alert starts: at most one remediation per incident (fingerprint, startsAt), none while
 * another alert's run holds the route's cooldown on the same runbook and parameters, and none for a resolution,
 * which cancels the incident's run if it is still waiting. Decisions live in the {@link DedupStore}, so they hold
 * across receivers and restarts.
 *
 * <p>An incident is first claimed as pending for {@link #PENDING}; only after the scheduler accepted it is the
 * record settled for the retention. A receiver that fails in between releases its claims and the sender retries;
 * one that dies leaves a pending claim that the next delivery takes over once it expires, and the scheduler's
 * refusal of a known correlation id covers a death after scheduling.
 */
public final class AlertDispatcher {
    /** Far longer than a decision takes (milliseconds), short enough that a dead receiver's claim soon frees. */
    static final Duration PENDING = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(AlertDispatcher.class.getName());
    private static final String ATTEMPT_PREFIX = "receiver-" + UUID.randomUUID() + "/";
    private static final AtomicLong ATTEMPTS = new AtomicLong();
    /**
     * The fact of a resolution record saying when the receiver handled it: a run that checks the record itself
     * (a Jenkins build that waited in the queue, or outlived a controller restart) reports that time.
     */
    public static final String RESOLVED_AT = "resolvedAt";

    private final DedupStore store;
    private final RemediationScheduler scheduler;
    private final Duration retention;
    private final Clock clock;

    /** @param retention how long decisions are remembered ({@link Routes#retention()}) */
    public AlertDispatcher(DedupStore store, RemediationScheduler scheduler, Duration retention) {
        this(store, scheduler, retention, Clock.systemUTC());
    }

    /** @param clock when a resolution was handled ({@link #RESOLVED_AT}) */
    public AlertDispatcher(DedupStore store, RemediationScheduler scheduler, Duration retention, Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * @param match the alert's route ({@link Routes#route}), empty when unrouted
     * @throws dev.smctl.engine.Unavailable when the store or the scheduler fails; nothing was started
     */
    public Decision decide(ReceivedAlert alert, Optional<RouteMatch> match) {
        if (match.isEmpty()) {
            return Decision.unrouted(alert);
        }
        return alert.status() == AlertStatus.RESOLVED ? resolve(alert, match.get()) : fire(alert, match.get());
    }

    private Decision fire(ReceivedAlert alert, RouteMatch match) {
        AlertCause cause = alert.cause();
        String target = match.target();
        DedupStore.Claim incident = store.claim(Kind.INCIDENT, cause.incidentKey(), attempt(), PENDING, false,
                facts(cause, match, target, "pending", null));
        if (!incident.acquired()) {
            return Decision.of(Outcome.DUPLICATE, alert, match, null, duplicateReason(incident.record()));
        }
        DedupStore.Claim cooldown = null;
        try {
            if (!match.route().cooldown().isZero()) {
                cooldown = store.claim(Kind.COOLDOWN, target, cause.correlationId(), match.route().cooldown(), true,
                        facts(cause, match, target, "scheduled", null));
                if (!cooldown.acquired()) {
                    String holder = cooldown.record().holder();
                    settle(incident.record(), facts(cause, match, target, "cooldown", holder));
                    return Decision.of(Outcome.COOLDOWN, alert, match, holder,
                            "%s was started on %s by %s less than %s ago (until %s); nothing started"
                                    .formatted(match.route().runbook(), target, holder, Durations.format(match.route().cooldown()), cooldown.record().expires()));
                }
            }
            String reference = Names.oneLine(scheduler.schedule(new RemediationRequest(match.route().runbook(), match.parameters(),
                    match.route().gated(), cause)), 300);
            settle(incident.record(), facts(cause, match, target, "scheduled", reference));
            return Decision.of(Outcome.SCHEDULED, alert, match, null, "%s scheduled%s: %s".formatted(match.route().runbook(),
                    match.route().gated() ? " behind an approval" : "", reference));
        } catch (RuntimeException e) {
            releaseQuietly(cooldown, e);
            releaseQuietly(incident, e);
            throw e;
        }
    }

    private Decision resolve(ReceivedAlert alert, RouteMatch match) {
        AlertCause cause = alert.cause();
        Optional<DedupRecord> incident = store.read(Kind.INCIDENT, cause.incidentKey());
        if (incident.isEmpty() || !"scheduled".equals(incident.get().fact("outcome"))) {
            return Decision.of(Outcome.IGNORED, alert, match, null, "resolved; nothing was started for this incident, so nothing to cancel");
        }
        Map<String, String> facts = facts(cause, match, match.target(), "cancel", null);
        facts.put(RESOLVED_AT, clock.instant().toString());
        DedupStore.Claim resolution = store.claim(Kind.RESOLUTION, cause.incidentKey(), attempt(), retention, true, facts);
        if (!resolution.acquired()) {
            return Decision.of(Outcome.DUPLICATE, alert, match, cause.correlationId(), "this resolution was handled already");
        }
        try {
            String cancellation = scheduler.cancelWaiting(cause.correlationId(), cause);
            return Decision.of(Outcome.CANCEL, alert, match, cause.correlationId(), "resolved; " + Names.oneLine(cancellation, 300));
        } catch (RuntimeException e) {
            releaseQuietly(resolution, e);
            throw e;
        }
    }

    /**
     * Records the final outcome. If that fails the run was still started: the pending claim then expires, and a
     * later delivery meets the scheduler's refusal of a known correlation id, so the failure is only logged.
     */
    private void settle(DedupRecord pending, Map<String, String> facts) {
        try {
            if (store.settle(pending, retention, facts).isEmpty()) {
                LOG.warning(() -> "the alert record for %s was taken over before it was settled".formatted(facts.get("correlationId")));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not settle the alert record for " + facts.get("correlationId"), e);
        }
    }

    private void releaseQuietly(DedupStore.Claim claim, RuntimeException failure) {
        if (claim == null || !claim.acquired()) {
            return;
        }
        try {
            store.release(claim.record());
        } catch (RuntimeException e) {
            // The claim then expires by itself; the failure that brought us here is the one to report.
            failure.addSuppressed(e);
        }
    }

    private static String duplicateReason(DedupRecord record) {
        if (!record.settled()) {
            return "another receiver is deciding this incident right now";
        }
        String outcome = record.fact("outcome");
        String detail = record.fact("reference").isEmpty() ? record.fact("relatesTo") : record.fact("reference");
        return "this incident was decided already: " + outcome + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /**
     * Who holds a pending claim: unique across receivers (a random prefix per process) and cheap (a counter), as
     * it is made for every delivery, repeats included.
     */
    private static String attempt() {
        return ATTEMPT_PREFIX + ATTEMPTS.incrementAndGet();
    }

    private static Map<String, String> facts(AlertCause cause, RouteMatch match, String target, String outcome, String detail) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("correlationId", cause.correlationId());
        facts.put("alertname", cause.alertname());
        facts.put("startsAt", cause.startsAt().toString());
        facts.put("runbook", match.route().runbook());
        facts.put("target", target);
        facts.put("outcome", outcome);
        if (detail != null) {
            facts.put(outcome.equals("scheduled") ? "reference" : "relatesTo", detail);
        }
        return facts;
    }
}
