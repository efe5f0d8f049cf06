package dev.smctl.engine;

import java.time.Instant;

/** One step of a long action, as the operator sees it in the build log or the terminal. */
public record ProgressEvent(Instant at, String phase, String message) {
}
