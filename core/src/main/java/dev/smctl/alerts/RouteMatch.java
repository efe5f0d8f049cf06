package dev.smctl.alerts;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An alert's route and the parameters it takes from the alert's labels (in the route's order). */
public record RouteMatch(Route route, Map<String, String> parameters) {
    public RouteMatch {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** What a cooldown is kept per: this runbook on these parameters ({@code P0-01 namespace=production}). */
    public String target() {
        String[] names = parameters.keySet().toArray(String[]::new);
        Arrays.sort(names);
        StringBuilder target = new StringBuilder(route.runbook());
        for (String name : names) {
            target.append(' ').append(name).append('=').append(parameters.get(name));
        }
        return target.toString();
    }
}
