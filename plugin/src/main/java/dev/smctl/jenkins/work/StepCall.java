package dev.smctl.jenkins.work;

import java.io.Serializable;

/**
 * One step's work, bound from its arguments: builds the core request and makes the one engine call. Free of
 * Jenkins types (unit-tested here) and Serializable (database steps send it to the agent). Its {@code toString()}
 * names the step's arguments, never a secret: calls hold no credentials, only what the step was given.
 */
public interface StepCall extends Serializable {
    StepOutcome run(Scope scope);
}
