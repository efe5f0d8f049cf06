package dev.smctl.engine;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** Where an action reports what it is doing. Implementations must be thread-safe. */
@FunctionalInterface
public interface Progress {
    Progress NONE = event -> { };

    void event(ProgressEvent event);

    default void report(String phase, String message) {
        event(new ProgressEvent(Instant.now(), phase, message));
    }



    static Progress printingTo(PrintWriter out) {
        return event -> {
            out.printf("[%s] %s%n", event.phase(), event.message());
            out.flush();
        };
    }

    /** Collects events into a list the caller owns (for a timeline). */
    static Progress collectingInto(List<ProgressEvent> events) {
        return event -> {
            synchronized (events) {
                events.add(event);
            }
        };
    }
}
