package dev.smctl.diagnostics;

/** Something the backend needs, checked read-only and within a bound. Never throws: a failure is a result. */
@FunctionalInterface
public interface DependencyProbe {
    DependencyCheck check();
}
