package dev.smctl.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happens to a container started from an image: the sandbox's stand-in for a release's real behaviour.
 * Healthy unless marked otherwise.
 */
public final class ImageHealth {
    /** How a broken image fails, as kubelet reports it, and what it writes to its log. */
    public enum Failure {
        /** Starts, crashes, restarts with back-off (last termination: Error, exit 1). */
        CRASH_LOOP("CrashLoopBackOff", "Error", 1, List.of(
                "ERROR Unhandled exception: TypeError: Cannot read properties of undefined (reading 'userId')",
                "    at MessageService.deliver (/app/dist/messages/service.js:88:31)",
                "ERROR Process exiting with code 1")),
        /** Starts, is killed for exceeding its memory limit (last termination: OOMKilled, exit 137). */
        OUT_OF_MEMORY("CrashLoopBackOff", "OOMKilled", 137, List.of(
                "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory")),
        /** Cannot reach its database at start, exits (last termination: Error, exit 1). */
        DATABASE_DOWN("CrashLoopBackOff", "Error", 1, List.of(
                "ERROR PrismaClientInitializationError: Can't reach database server at `postgres:5432`",
                "ERROR connect ECONNREFUSED 10.96.0.12:5432")),
        /** Never starts: the image cannot be pulled. */
        IMAGE_PULL("ImagePullBackOff", null, 0, List.of()),
        /** Starts and passes readiness, but answers errors under traffic: only a health check finds out. */
        SERVES_ERRORS(null, null, 0, List.of(
                "ERROR GET /health 500 - Redis connection timed out after 5000ms",
                "ERROR WebSocket connection closed abnormally (code 1006)"));

        final String waitingReason;
        final String terminationReason;
        final int exitCode;
        final List<String> log;

        Failure(String waitingReason, String terminationReason, int exitCode, List<String> log) {
            this.waitingReason = waitingReason;
            this.terminationReason = terminationReason;
            this.exitCode = exitCode;
            this.log = log;
        }

        /** True when pods of this image still count as ready. */
        public boolean keepsPodsReady() {
            return waitingReason == null;
        }
    }

    private final Map<String, Failure> broken = new ConcurrentHashMap<>();

    public void breakImage(String image, Failure failure) {
        broken.put(image, failure);
    }


    public Optional<Failure> failureOf(String image) {
        return Optional.ofNullable(broken.get(image));
    }
}
