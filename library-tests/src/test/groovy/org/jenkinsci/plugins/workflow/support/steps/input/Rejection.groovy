package org.jenkinsci.plugins.workflow.support.steps.input

/** Test stand-in for pipeline-input-step's cause when someone presses an input's Abort button. */
class Rejection {
    final Map user

    /** @param userId who pressed Abort, or null for an anonymous user */
    Rejection(String userId) {
        this.user = userId == null ? null : [id: userId]
    }
}
