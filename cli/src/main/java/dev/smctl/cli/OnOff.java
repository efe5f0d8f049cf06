package dev.smctl.cli;

/** The {@code on|off} argument of mode commands; picocli rejects anything else with exit 2. */
enum OnOff {
    ON, OFF;

    boolean on() {
        return this == ON;
    }
}
