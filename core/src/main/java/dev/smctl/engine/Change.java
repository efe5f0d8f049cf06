package dev.smctl.engine;

/**
 * One field that an action will change, as a JSON pointer into the object, with its value before and after.
 * A value of {@code null} means absent. Values are already redacted where they could hold a secret.
 */
public record Change(String path, Object before, Object after) {
}
