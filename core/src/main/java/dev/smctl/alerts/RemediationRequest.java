package dev.smctl.alerts;

import dev.smctl.engine.Actor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One remediation to start: the runbook, its parameters from the alert's labels, whether it waits for an approval
 * first, and the alert that asked (the run's cause and audit actor, never SYSTEM).
 */
public record RemediationRequest(String runbook, Map<String, String> parameters, boolean gated, AlertCause cause) {
    /** Names of the job parameters that carry the alert; the runbooks' own parameters never use them. */
    public static final String CORRELATION_ID = "correlationId";
    public static final String ALERT_NAME = "alertName";
    public static final String ALERT_FINGERPRINT = "alertFingerprint";
    public static final String ALERT_STARTS_AT = "alertStartsAt";
    public static final String ALERT_GENERATOR_URL = "alertGeneratorUrl";
    public static final String ALERT_EXTERNAL_URL = "alertExternalUrl";
    public static final String APPROVAL_REQUIRED = "approvalRequired";

    public RemediationRequest {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public String correlationId() {
        return cause.correlationId();
    }

    public Actor actor() {
        return cause.actor();
    }

    /**
     * The runbook's parameters followed by the alert's fields. The fingerprint, start time and correlation id make
     * the set differ for every incident, so Jenkins' queue, which folds identical parameter sets, cannot merge two.
     * These are also the parameters to pass to Jenkins' {@code buildWithParameters} by hand.
     */
    public Map<String, String> jobParameters() {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put(CORRELATION_ID, correlationId());
        all.put(ALERT_NAME, cause.alertname());
        all.put(ALERT_FINGERPRINT, cause.fingerprint());
        all.put(ALERT_STARTS_AT, cause.startsAt().toString());
        all.put(ALERT_GENERATOR_URL, cause.generatorUrl() == null ? "" : cause.generatorUrl());
        all.put(ALERT_EXTERNAL_URL, cause.externalUrl() == null ? "" : cause.externalUrl());
        all.put(APPROVAL_REQUIRED, String.valueOf(gated));
        return Collections.unmodifiableMap(all);
    }
}
