package dev.smctl.pipeline

import org.junit.jupiter.api.Named

/** A gated step as a test argument, named "P0-02 restore (gate destructive)" in the reports. */
class NamedGate implements Named<Map> {
    final Map payload

    NamedGate(Map gated) {
        this.payload = gated
    }

    @Override
    String getName() {
        return "${payload.runbook} ${payload.step} (gate ${payload.gate})"
    }
}
