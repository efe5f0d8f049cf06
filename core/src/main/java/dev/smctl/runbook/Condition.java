package dev.smctl.runbook;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's {@code when:}: one variable compared with one value ({@code scenario == A}). Deliberately no more: a
 * runbook is read at 3 a.m., and an expression language would need reading too.
 */
public record Condition(String variable, boolean equal, String value) {
    private static final Pattern FORM = Pattern.compile("\\s*([a-z][A-Za-z0-9]*)\\s*(==|!=)\\s*([A-Za-z0-9._-]+)\\s*");

    /** @return empty when the text is not of the form {@code name == value} or {@code name != value} */
    public static Optional<Condition> parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        return m.matches() ? Optional.of(new Condition(m.group(1), m.group(2).equals("=="), m.group(3))) : Optional.empty();
    }

    public boolean holds(Map<String, String> variables) {
        return value.equals(variables.get(variable)) == equal;
    }

    @Override
    public String toString() {
        return variable + (equal ? " == " : " != ") + value;
    }
}
