package dev.smctl.alerts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.smctl.engine.Names;

import java.io.CharConversionException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a webhook body into validated alerts, or refuses the whole notification with an {@link InvalidPayload}
 * that names the field. Lenient about what is absent or new (see {@link WebhookPayload}); strict about what is
 * there: sizes are bounded before parsing, JSON must be well-formed UTF-8 without duplicate keys, and every value
 * we keep (alert names, fingerprints, times, URLs) must have the form Alertmanager gives it.
 */
public final class PayloadParser {
    /** Larger than any real group of {@link #MAX_ALERTS} alerts; Jenkins' own CSP endpoint takes 20 KiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    static final int MAX_ALERTS = 1000;
    static final int MAX_LABELS = 128;
    static final int MAX_LABEL_VALUE = 2048;
    private static final int MAX_URL = 2048;
    /** groupKey, receiver, notification_reason: one line each; groupKey holds the group's label values. */
    private static final int MAX_TEXT = 4096;
    private static final int MAX_NESTING = 32;
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,127}");
    /** Prometheus refuses alerting rules whose name is not a metric name, so anything else was not sent by it. */
    private static final Pattern ALERT_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]{0,199}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");
    private static final Set<String> STATUSES = Set.of("firing", "resolved");

    private final ObjectMapper mapper;
    private final int maxBytes;

    public PayloadParser(int maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1 KiB, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
        JsonFactory json = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxStringLength(maxBytes).build())
                .build();
        this.mapper = JsonMapper.builder(json).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        // A label value is text: 1 or true there means a broken template, not a value to stringify.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    public PayloadParser() {
        this(DEFAULT_MAX_BYTES);
    }

    /** The largest body accepted, in bytes; an HTTP adapter reads at most one byte more. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * @return the alerts of the notification, in the order sent
     * @throws InvalidPayload naming the first problem; nothing from the notification may be acted on
     */
    public List<ReceivedAlert> parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidPayload(400, "the body is empty: expected an Alertmanager webhook notification (JSON)");
        }
        if (body.length > maxBytes) {
            throw new InvalidPayload(413, "the body is larger than the limit of %d bytes; lower max_alerts in the webhook_config"
                    .formatted(maxBytes));
        }
        WebhookPayload payload = read(body);
        if (payload == null) {
            throw new InvalidPayload(400, "the body is JSON null: expected an Alertmanager webhook notification");
        }
        if (payload.version() != null && !payload.version().equals("4")) {
            throw new InvalidPayload(400, "webhook version %s is not supported; expected \"4\" (Alertmanager's webhook_config)"
                    .formatted(Names.quote(payload.version())));
        }
        if (payload.status() != null && !STATUSES.contains(payload.status())) {
            throw new InvalidPayload(400, "status %s is neither firing nor resolved".formatted(Names.quote(payload.status())));
        }
        if (payload.truncatedAlerts() != null && payload.truncatedAlerts() < 0) {
            throw new InvalidPayload(400, "truncatedAlerts is negative");
        }
        List<WebhookPayload.Alert> alerts = payload.alerts();
        if (alerts == null || alerts.isEmpty()) {
            throw new InvalidPayload(400, "the notification has no alerts");
        }
        if (alerts.size() > MAX_ALERTS) {
            throw new InvalidPayload(400, "the notification has %d alerts, more than %d; set max_alerts in the webhook_config"
                    .formatted(alerts.size(), MAX_ALERTS));
        }
        String externalUrl = url(payload.externalURL(), "externalURL");
        String groupKey = text(payload.groupKey(), "groupKey");
        String receiver = text(payload.receiver(), "receiver");
        String reason = text(payload.notificationReason(), "notification_reason");
        List<ReceivedAlert> received = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            received.add(alert(alerts.get(i), "alerts[%d]".formatted(i), externalUrl, groupKey, receiver, reason));
        }
        return received;
    }

    private WebhookPayload read(byte[] body) {
        try {
            return mapper.readValue(body, WebhookPayload.class);
        } catch (StreamConstraintsException e) {
            throw new InvalidPayload(400, "the body is nested too deeply or holds an oversized value");
        } catch (JsonMappingException e) {
            if (causedByBrokenJson(e)) {
                throw new InvalidPayload(400, "the body is not valid JSON in UTF-8%s".formatted(where(e.getLocation())));
            }
            // The path names fields of our model and label names from the payload: quote it, never the value.
            throw new InvalidPayload(400, "field %s has the wrong type or shape%s".formatted(Names.quote(path(e)), where(e.getLocation())));
        } catch (JsonProcessingException e) {
            throw new InvalidPayload(400, "the body is not valid JSON in UTF-8%s".formatted(where(e.getLocation())));
        } catch (IOException e) {
            throw new InvalidPayload(400, "the body is not valid JSON in UTF-8");
        }
    }

    /** Jackson reports broken JSON met inside a field as a mapping error of that field; it is still broken JSON. */
    private static boolean causedByBrokenJson(JsonMappingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException || cause instanceof CharConversionException) {
                return true;
            }
        }
        return false;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.isEmpty() ? "(the body)" : path.toString();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " (line %d, column %d)".formatted(location.getLineNr(), location.getColumnNr());
    }

    private static ReceivedAlert alert(WebhookPayload.Alert alert, String at, String externalUrl, String groupKey, String receiver, String reason) {
        if (alert == null) {
            throw new InvalidPayload(400, at + " is null");
        }
        Map<String, String> labels = labels(alert.labels(), at);
        String alertname = labels.get("alertname");
        if (alertname == null || !ALERT_NAME.matcher(alertname).matches()) {
            throw new InvalidPayload(422, "%s: alertname %s is missing or not an alert name (letters, digits, '_' and ':', as Prometheus requires)"
                    .formatted(at, Names.quote(alertname)));
        }
        if (alert.status() == null || !STATUSES.contains(alert.status())) {
            throw new InvalidPayload(400, "%s: status %s is neither firing nor resolved".formatted(at, Names.quote(alert.status())));
        }
        Instant startsAt = startsAt(alert.startsAt(), at + ".startsAt");
        String computed = Fingerprint.of(labels);
        String fingerprint = alert.fingerprint();
        boolean missing = fingerprint == null || fingerprint.isEmpty();
        if (!missing && !FINGERPRINT.matcher(fingerprint).matches()) {
            throw new InvalidPayload(422, "%s: fingerprint %s is not 16 lower-case hex digits".formatted(at, Names.quote(fingerprint)));
        }
        if (!missing && !fingerprint.equals(computed)) {
            // Alertmanager's fingerprint is exactly the hash of these labels; a mismatch would let a sender dodge
            // deduplication (or collide with another alert's) by choosing fingerprints.
            throw new InvalidPayload(422, "%s: fingerprint %s does not belong to the alert's labels (their fingerprint is %s)"
                    .formatted(at, fingerprint, computed));
        }
        String generatorUrl = url(alert.generatorURL(), at + ".generatorURL");
        AlertCause cause = new AlertCause(alertname, computed, missing, startsAt, generatorUrl, externalUrl, groupKey, receiver, reason);
        return new ReceivedAlert(AlertStatus.valueOf(alert.status().toUpperCase(Locale.ROOT)), labels, cause);
    }

    private static Map<String, String> labels(Map<String, String> labels, String at) {
        if (labels == null || labels.isEmpty()) {
            throw new InvalidPayload(400, at + " has no labels");
        }
        if (labels.size() > MAX_LABELS) {
            throw new InvalidPayload(400, "%s has %d labels, more than %d".formatted(at, labels.size(), MAX_LABELS));
        }
        labels.forEach((name, value) -> {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new InvalidPayload(422, "%s: label name %s is not a Prometheus label name".formatted(at, Names.quote(name)));
            }
            if (value == null || value.length() > MAX_LABEL_VALUE) {
                throw new InvalidPayload(422, "%s: label %s is null or longer than %d characters".formatted(at, name, MAX_LABEL_VALUE));
            }
        });
        return labels;
    }

    private static Instant startsAt(String value, String at) {
        if (value == null || value.isEmpty()) {
            throw new InvalidPayload(400, at + " is missing");
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(Instant.EPOCH)) {
                throw new InvalidPayload(422, "%s is %s, before 1970: not the start of a real alert".formatted(at, Names.quote(value)));
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new InvalidPayload(422, "%s %s is not an RFC 3339 time".formatted(at, Names.quote(value)));
        }
    }

    /** Absolute http(s) URLs, or a path (Prometheus without --web.external-url sends "/graph?..."), nothing else. */
    private static String url(String value, String at) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_URL || value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidPayload(422, "%s is longer than %d characters or holds spaces or control characters".formatted(at, MAX_URL));
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            boolean web = scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
            boolean path = scheme == null && value.startsWith("/") && !value.startsWith("//");
            if (web || path) {
                return value;
            }
        } catch (URISyntaxException e) {
            // refused below with the same message as a foreign scheme
        }
        throw new InvalidPayload(422, "%s %s is not an http(s) URL".formatted(at, Names.quote(value)));
    }

    private static String text(String value, String at) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidPayload(400, "%s is longer than %d characters".formatted(at, MAX_TEXT));
        }
        return Names.oneLine(value, MAX_TEXT);
    }
}
