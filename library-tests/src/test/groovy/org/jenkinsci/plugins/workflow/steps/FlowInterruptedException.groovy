package org.jenkinsci.plugins.workflow.steps

/**
 * Test stand-in, same name and shape as workflow-step-api's exception (jenkins-api.md §3.5; Jenkins jars are not on
 * Maven Central): how Jenkins ends a step on abort, on a timeout and on an input's Abort button. The library tells
 * them apart by the class names of the causes, so the tests throw these.
 */
class FlowInterruptedException extends InterruptedException {
    final String result
    final List<Object> causes

    FlowInterruptedException(String result, Object... causes) {
        super(result)
        this.result = result
        this.causes = causes as List
    }
}
