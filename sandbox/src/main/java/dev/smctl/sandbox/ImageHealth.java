package dev.smctl.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happens to a container started from an image: the sandbox's stand-in for a release's real behaviour.
 * Healthy unless marked otherwise.
 */
public final class ImageHealth {
    /** How a broken image fails, as kubelet reports it. */
    public enum Failure {
        /** Starts, crashes, restarts with back-off (last termination: Error, exit 1). */
        CRASH_LOOP("CrashLoopBackOff", "Error", 1),
        /** Starts, is killed for exceeding its memory limit (last termination: OOMKilled, exit 137). */
        OUT_OF_MEMORY("CrashLoopBackOff", "OOMKilled", 137),
        /** Never starts: the image cannot be pulled. */
        IMAGE_PULL("ImagePullBackOff", null, 0);

        final String waitingReason;
        final String terminationReason;
        final int exitCode;

        Failure(String waitingReason, String terminationReason, int exitCode) {
            this.waitingReason = waitingReason;
            this.terminationReason = terminationReason;
            this.exitCode = exitCode;
        }
    }

    private final Map<String, Failure> broken = new ConcurrentHashMap<>();

    public void breakImage(String image, Failure failure) {
        broken.put(image, failure);
    }

    public void repair(String image) {
        broken.remove(image);
    }

    public Optional<Failure> failureOf(String image) {
        return Optional.ofNullable(broken.get(image));
    }
}
