package dev.smctl.alerts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One routing rule: alerts whose labels match go to {@code runbook}, with parameters taken from their labels.
 * Matching follows Alertmanager's matchers: equality or an anchored regular expression on a label's value, and a
 * missing label matches as the empty string.
 *
 * @param gated    the run waits for an approval before its first step, whatever the runbook's own gates say
 * @param cooldown after a remediation starts, no other alert starts this runbook on the same parameters for this
 *                 long; {@link Duration#ZERO} for none
 */
public record Route(String name, Map<String, String> match, Map<String, Pattern> matchRegex, String runbook,
                    List<RouteParameter> parameters, boolean gated, Duration cooldown) {
    public Route {
        match = Map.copyOf(match);
        matchRegex = Map.copyOf(matchRegex);
        parameters = List.copyOf(parameters);
    }

    boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> equal : match.entrySet()) {
            if (!equal.getValue().equals(labels.getOrDefault(equal.getKey(), ""))) {
                return false;
            }
        }
        for (Map.Entry<String, Pattern> regex : matchRegex.entrySet()) {
            if (!regex.getValue().matcher(labels.getOrDefault(regex.getKey(), "")).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The parameters for one alert, in the order configured. */
    Map<String, String> parameters(Map<String, String> labels, String at) {
        Map<String, String> values = new LinkedHashMap<>();
        for (RouteParameter parameter : parameters) {
            values.put(parameter.name(), parameter.resolve(labels, at));
        }
        return values;
    }
}
