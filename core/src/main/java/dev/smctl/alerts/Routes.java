package dev.smctl.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The routing table: the first route whose matchers all hold takes the alert, as in an Alertmanager route list
 * without {@code continue}. An alert no route takes is unrouted: reported, never sent to a runbook by guess.
 *
 * @param source    where the table was read from, for messages
 * @param retention how long a decision is remembered: a repeat of the same incident within it is a duplicate
 */
public record Routes(String source, List<Route> routes, Duration retention) {
    public Routes {
        routes = List.copyOf(routes);
    }

    /**
     * @param at how to name the alert in an error ({@code alerts[2]})
     * @return the route and parameters, or empty when no route matches
     * @throws InvalidPayload (422) when the matching route cannot take a parameter from the alert's labels
     */
    public Optional<RouteMatch> route(ReceivedAlert alert, String at) {
        for (Route route : routes) {
            if (route.matches(alert.labels())) {
                return Optional.of(new RouteMatch(route, route.parameters(alert.labels(), at)));
            }
        }
        return Optional.empty();
    }
}
