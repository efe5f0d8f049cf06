package dev.smctl.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The Alertmanager webhook body (version 4) as it arrives, before validation. Every field may be missing (older
 * senders omit {@code fingerprint} and {@code truncatedAlerts}) and unknown fields are ignored (newer ones add
 * {@code routeLabels}, custom {@code payload:} templates add anything), so that an upgrade of Alertmanager never
 * turns working notifications into rejected ones. {@link PayloadParser} decides what is acceptable.
 *
 * @param notificationReason Alertmanager 0.32+: "first notification", "repeat interval elapsed", ...
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookPayload(String version, String groupKey, Integer truncatedAlerts, String status, String receiver,
                             Map<String, String> groupLabels, Map<String, String> commonLabels,
                             Map<String, String> commonAnnotations, String externalURL,
                             @JsonProperty("notification_reason") String notificationReason, List<Alert> alerts) {

    /**
     * One alert of the group.
     *
     * @param startsAt RFC 3339, kept as text until validated
     * @param endsAt   not read: the zero time or a future time while firing, so never a sign of the state
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
                        String endsAt, String generatorURL, String fingerprint) {
    }
}
