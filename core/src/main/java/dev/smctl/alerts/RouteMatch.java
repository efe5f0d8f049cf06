package dev.smctl.alerts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** An alert's route and the parameters it takes from the alert's labels (in the route's order). */
public record RouteMatch(Route route, Map<String, String> parameters) {
    public RouteMatch {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** What a cooldown is kept per: this runbook on these parameters ({@code P0-01 namespace=production}). */
    public String target() {
        return route.runbook() + new TreeMap<>(parameters).entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
    }
}
