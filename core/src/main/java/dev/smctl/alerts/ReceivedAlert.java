package dev.smctl.alerts;

import java.util.Map;

/** One validated alert of a notification: its status, its labels (for routing) and its cause (for the record). */
public record ReceivedAlert(AlertStatus status, Map<String, String> labels, AlertCause cause) {
    public ReceivedAlert {
        labels = Map.copyOf(labels);
    }
}
