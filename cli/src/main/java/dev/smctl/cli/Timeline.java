package dev.smctl.cli;

import dev.smctl.engine.Progress;
import dev.smctl.engine.ProgressEvent;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Prints events as they happen, each with its time since the start, and keeps them for the summary. */
final class Timeline implements Progress {
    private final Instant start;
    private final PrintWriter out;
    private final List<ProgressEvent> events = new ArrayList<>();

    Timeline(Instant start, PrintWriter out) {
        this.start = start;
        this.out = out;
    }

    @Override
    public synchronized void event(ProgressEvent event) {
        events.add(event);
        out.printf("  %s  %-9s %s%n", offset(event.at()), event.phase(), event.message());
        out.flush();
    }

    String offset(Instant at) {
        long millis = Duration.between(start, at).toMillis();
        return "+%6.2fs".formatted(millis / 1000.0);
    }

    synchronized List<ProgressEvent> events() {
        return List.copyOf(events);
    }
}
