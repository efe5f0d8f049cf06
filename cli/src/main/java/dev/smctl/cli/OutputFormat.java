package dev.smctl.cli;

/** {@code -o}: how a result is printed on standard output. */
enum OutputFormat {
    TEXT, JSON
}
