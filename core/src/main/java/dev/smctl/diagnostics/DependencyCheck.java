package dev.smctl.diagnostics;

/**
 * One dependency probed (P0-01 step 3): PostgreSQL answers {@code SELECT 1}, Redis answers {@code PING}, the S3
 * bucket can be listed.
 *
 * @param endpoint where, without credentials
 */
public record DependencyCheck(String name, String endpoint, boolean ok, String message, long millis) {
}
