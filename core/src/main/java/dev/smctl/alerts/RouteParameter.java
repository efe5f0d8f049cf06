package dev.smctl.alerts;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.runbook.Runbook;
import dev.smctl.runbook.RunbookParameters;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One runbook parameter a route fills: a constant ({@code value}) or a label's value, which must be in the
 * allowlist or match the pattern. Whatever the configuration says, a value is also held to {@link #SAFE_VALUE} and
 * to the type the runbook declares for the parameter (a {@code dns-label} must be a DNS-1123 label), so a label can
 * never carry shell syntax, a path or an option into a job.
 *
 * @param label        the label to read, or {@code null} for a constant
 * @param value        the constant, or {@code null}
 * @param defaultValue used when the alert lacks the label, or {@code null} (the alert is then refused)
 * @param allow        the values accepted, or empty when {@code pattern} decides
 * @param pattern      a pattern the whole value must match, or {@code null} when {@code allow} decides
 * @param declared     the runbook's declaration of the parameter
 */
public record RouteParameter(String name, String label, String value, String defaultValue, Set<String> allow, Pattern pattern,
                             Runbook.Parameter declared) {
    /** Letters, digits, '.', '_' and '-', beginning and ending with a letter or digit: no spaces, '/', '$', ';' or "..". */
    static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?");

    public RouteParameter {
        allow = allow == null ? Set.of() : Set.copyOf(allow);
    }

    /**
     * The value for one alert.
     *
     * @throws InvalidPayload (422) when the label is missing without a default, or its value is not accepted
     */
    String resolve(Map<String, String> labels, String at) {
        if (label == null) {
            return value;
        }
        String found = labels.get(label);
        if (found == null) {
            if (defaultValue == null) {
                throw new InvalidPayload(422, "%s: the route needs label %s for parameter %s, and the alert has none".formatted(at, label, name));
            }
            return defaultValue;
        }
        String problem = problemWith(found);
        if (problem != null) {
            throw new InvalidPayload(422, "%s: label %s=%s cannot become parameter %s: %s".formatted(at, label, Names.quote(found), name, problem));
        }
        return found;
    }

    /** Why {@code candidate} may not be this parameter's value, or {@code null} if it may. */
    String problemWith(String candidate) {
        if (!SAFE_VALUE.matcher(candidate).matches()) {
            return "only letters, digits, '.', '_' and '-' are accepted, beginning and ending with a letter or digit";
        }
        if (label != null && !allow.isEmpty() && !allow.contains(candidate)) {
            return "not one of the allowed values " + new java.util.TreeSet<>(allow);
        }
        if (label != null && pattern != null && !pattern.matcher(candidate).matches()) {
            return "does not match the route's pattern " + pattern.pattern();
        }
        if (declared != null) {
            // The runbook's own check, the one its run applies: a value it would refuse must be a 422 here, never a
            // run that fails after the receiver said 202, nor a 503 that Alertmanager retries for ever.
            try {
                RunbookParameters.check(declared, candidate);
            } catch (InvalidRequest e) {
                return e.getMessage();
            }
        }
        return null;
    }
}
