package dev.smctl.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * The alert that started the run resolved before the run changed anything (smIncidentState said so, and recorded
 * the run's end). Nothing after this point runs; the build ends NOT_BUILT with the records archived.
 */
class AlertResolved extends RuntimeException {
    private static final long serialVersionUID = 1L

    /** The step the run was about to start, or whose gate it was at. */
    final String step

    AlertResolved(String step, String message) {
        super(message)
        this.step = step
    }

    /** Ends the run when smIncidentState's answer ({@code state}) says the alert resolved before {@code step}. */
    @NonCPS
    static void throwIfResolved(String step, Map state) {
        if (state?.resolved == true) {
            throw new AlertResolved(step, String.valueOf(state.message))
        }
    }
}
