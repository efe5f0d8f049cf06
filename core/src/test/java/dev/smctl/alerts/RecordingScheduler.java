package dev.smctl.alerts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records every call, duplicates included: it is what the tests count ("exactly one remediation"). No Jenkins
 * runs here; the plugin's scheduler is tested in the plugin.
 */
final class RecordingScheduler implements RemediationScheduler {
    final List<RemediationRequest> scheduled = Collections.synchronizedList(new ArrayList<>());
    final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
    volatile RuntimeException failNext;

    @Override
    public String schedule(RemediationRequest request) {
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
        scheduled.add(request);
        return "queue item " + scheduled.size();
    }

    @Override
    public String cancelWaiting(String correlationId, AlertCause cause) {
        cancelled.add(correlationId);
        return RemediationScheduler.CANCELLED;
    }
}
