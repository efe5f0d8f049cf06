package dev.smctl.alerts;

import java.util.Locale;

/** An alert's own status. Never inferred from {@code endsAt}: firing alerts carry a zero or future end time. */
public enum AlertStatus {
    FIRING, RESOLVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
