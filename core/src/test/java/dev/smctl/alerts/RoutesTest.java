package dev.smctl.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.smctl.alerts.Notifications.bytes;
import static dev.smctl.alerts.Notifications.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {
    static final String TABLE = """
            cooldown: 10m
            routes:
              - name: app-down-critical
                match: {alertname: ApplicationDown}
                matchRegex: {severity: "critical|page"}
                runbook: P0-01
                parameters:
                  namespace: {label: namespace, allow: [production, staging]}
                  scenario: {value: diagnose}
              - name: latency
                match: {alertname: HighResponseTime}
                runbook: P1-01
                cooldown: 0s
                parameters:
                  namespace: {label: kubernetes_namespace, pattern: "prod-[a-z]+", default: prod-eu}
                  replicas: {label: wanted_replicas, pattern: "[0-9]+", default: "6"}
                  killOlderThan: {label: kill_after, pattern: "[0-9a-z]+", default: 30s}
            """;

    private final PayloadParser parser = new PayloadParser();

    private Optional<RouteMatch> route(Routes routes, Map<String, String> labels) {
        ObjectNode body = notification("firing", Notifications.alert("firing", Notifications.STARTS, labels));
        return routes.route(parser.parse(bytes(body)).get(0), "alerts[0]");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "ApplicationDown, P0-01, false", "HighResponseTime, P1-01, false", "HighWebSocketDisconnectRate, P1-02, false",
            "BackupFailed, P2-01, false", "ErrorRateElevated, P2-02, false", "SuspiciousActivity, P0-03, true"})
    void theShippedTableRoutesEachAlertOfTheRunbook(String alertname, String runbook, boolean gated) {
        RouteMatch match = route(RoutesLoader.defaults(), Notifications.labels(alertname, "staging")).orElseThrow();

        assertThat(match.route().runbook()).isEqualTo(runbook);
        assertThat(match.route().gated()).isEqualTo(gated);
        assertThat(match.parameters()).containsExactly(Map.entry("namespace", "staging"));
    }

    @Test
    void theShippedTableFillsTheDefaultNamespaceAndRemembersAWeek() {
        Routes routes = RoutesLoader.defaults();
        Map<String, String> labels = Notifications.labels("BackupFailed", "x");
        labels.remove("namespace");

        RouteMatch match = route(routes, labels).orElseThrow();

        assertThat(match.parameters()).containsEntry("namespace", "production");
        assertThat(match.route().cooldown()).isEqualTo(Duration.ofMinutes(60));
        assertThat(match.target()).isEqualTo("P2-01 namespace=production");
        assertThat(routes.retention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void matchesByEqualityAndAnchoredRegexAndTakesParametersFromLabels() {
        Routes routes = RoutesLoader.load("test-routes.yaml", TABLE);
        Map<String, String> page = Notifications.labels("ApplicationDown", "production");
        page.put("severity", "page");
        Map<String, String> warning = Notifications.labels("ApplicationDown", "production");
        warning.put("severity", "critical-ish");
        Map<String, String> latency = Notifications.labels("HighResponseTime", "ignored");
        latency.put("kubernetes_namespace", "prod-eu");
        latency.put("wanted_replicas", "8");

        assertThat(route(routes, page).orElseThrow().parameters()).containsExactly(Map.entry("namespace", "production"), Map.entry("scenario", "diagnose"));
        assertThat(route(routes, warning)).as("the regex is anchored, as Alertmanager's").isEmpty();
        assertThat(route(routes, latency).orElseThrow().parameters()).containsExactly(Map.entry("namespace", "prod-eu"), Map.entry("replicas", "8"),
                Map.entry("killOlderThan", "30s"));
        assertThat(route(routes, latency).orElseThrow().route().cooldown()).isZero();
        assertThat(route(routes, Notifications.labels("BackupFailed", "production"))).as("unrouted, not guessed").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not in the allowlist        | namespace            | kube-system      | alerts[0]: label namespace=\"kube-system\" cannot become parameter namespace: not one of the allowed values [production, staging]",
            "shell metacharacters        | namespace            | prod;rm -rf /    | alerts[0]: label namespace=\"prod;rm -rf /\" cannot become parameter namespace: only letters, digits",
            "command substitution        | kubernetes_namespace | prod-$(id)       | alerts[0]: label kubernetes_namespace=\"prod-$(id)\" cannot become parameter namespace: only letters, digits",
            "path traversal              | kubernetes_namespace | ../../etc/passwd | alerts[0]: label kubernetes_namespace=\"../../etc/passwd\" cannot become parameter namespace: only letters, digits",
            "pattern not matched         | kubernetes_namespace | staging          | alerts[0]: label kubernetes_namespace=\"staging\" cannot become parameter namespace: does not match the route's pattern prod-[a-z]+",
            "not DNS-1123 (upper case)   | kubernetes_namespace | prod-EU          | alerts[0]: label kubernetes_namespace=\"prod-EU\" cannot become parameter namespace: does not match",
            "over the runbook's maximum  | wanted_replicas      | 50               | alerts[0]: label wanted_replicas=\"50\" cannot become parameter replicas: parameter replicas must be between 1 and 20, not 50",
            "over an int                 | wanted_replicas      | 3000000000       | alerts[0]: label wanted_replicas=\"3000000000\" cannot become parameter replicas: parameter replicas must be a whole number",
            "not a duration              | kill_after           | 5x               | alerts[0]: label kill_after=\"5x\" cannot become parameter killOlderThan: \"5x\" is not a duration",
            "an option, not a number     | wanted_replicas      | --all            | alerts[0]: label wanted_replicas=\"--all\" cannot become parameter replicas: only letters, digits"})
    void refusesALabelThatMayNotBecomeAParameter(String situation, String label, String value, String message) {
        Routes routes = RoutesLoader.load("test-routes.yaml", TABLE);
        Map<String, String> labels = Notifications.labels(label.equals("namespace") ? "ApplicationDown" : "HighResponseTime", "production");
        labels.put(label, value);

        assertThatThrownBy(() -> route(routes, labels)).isInstanceOfSatisfying(InvalidPayload.class, e -> assertThat(e.httpStatus()).isEqualTo(422))
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesAnAlertLackingALabelWithoutDefault() {
        Map<String, String> labels = Notifications.labels("ApplicationDown", "production");
        labels.remove("namespace");

        assertThatThrownBy(() -> route(RoutesLoader.load("test-routes.yaml", TABLE), labels))
                .hasMessage("alerts[0]: the route needs label namespace for parameter namespace, and the alert has none");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown field               | 'cooldown: 10m'                   | 'cooldwn: 10m'                         | test-routes.yaml line 1: unknown field 'cooldwn'",
            "unknown field in a route    | 'runbook: P1-01'                  | 'runbok: P1-01'                        | test-routes.yaml line 12: unknown field 'runbok'",
            "unknown field of a parameter | 'pattern: \"[0-9]+\"'          | 'patern: \"[0-9]+\"'                 | test-routes.yaml line 16: unknown field 'patern'",
            "broken YAML                 | 'routes:'                         | 'routes: ['                            | test-routes.yaml line ",
            "unknown runbook             | 'runbook: P1-01'                  | 'runbook: P9-99'                       | test-routes.yaml line 12: route latency names runbook \"P9-99\", which does not exist",
            "label without allowlist     | ', allow: [production, staging]}' | '}'                                    | test-routes.yaml line 8: parameter namespace comes from label namespace and needs 'allow' (a list) or 'pattern'",
            "regex that does not compile | '\"critical|page\"'              | '\"critical(\"'                        | test-routes.yaml line 5: pattern \"critical(\" does not compile",
            "parameter the runbook lacks | 'scenario: {value: diagnose}'     | 'colour: {value: blue}'                | test-routes.yaml line 9: runbook P0-01 has no parameter colour",
            "allowlist value not a name  | 'allow: [production, staging]'    | 'allow: [production, Staging_1]'       | test-routes.yaml line 8: \"Staging_1\" for parameter namespace is not acceptable",
            "constant outside the choices | 'scenario: {value: diagnose}'    | 'scenario: {value: D}'                 | test-routes.yaml line 9: \"D\" for parameter scenario is not acceptable: parameter scenario must be one of [diagnose, A, B, C], not \"D\"",
            "both label and value        | 'scenario: {value: diagnose}'     | 'scenario: {value: A, label: s}'       | test-routes.yaml line 9: parameter scenario needs either 'label'",
            "no matchers                 | 'match: {alertname: HighResponseTime}' | 'match: {}'                       | test-routes.yaml line 10: route latency has no matchers: it would take every alert",
            "route name not DNS-1123     | 'name: latency'                   | 'name: Latency!'                       | test-routes.yaml line 10: route name \"Latency!\" is not a valid name",
            "twice the same name         | 'name: latency'                   | 'name: app-down-critical'              | test-routes.yaml line 10: route name app-down-critical is used twice",
            "bad cooldown                | 'cooldown: 0s'                    | 'cooldown: soon'                       | test-routes.yaml line 13: \"soon\" is not a duration",
            "security runbook ungated    | 'runbook: P1-01'                  | 'runbook: P0-03'                       | test-routes.yaml line 12: route latency starts P0-03, which an alert may only start gated: add 'gated: true'"})
    void rejectsABrokenTableWithFileLineAndReason(String situation, String from, String to, String expected) {
        String text = TABLE.replace(from, to);
        assertThat(text).as("the test edits the table").isNotEqualTo(TABLE);

        assertThatThrownBy(() -> RoutesLoader.load("test-routes.yaml", text)).hasMessageStartingWith(expected);
    }

    @Test
    void aGatedRouteToARunbookWithoutAGateIsRefusedWhenTheTableLoads() {
        String text = TABLE.replace("runbook: P1-01", "runbook: P2-02").replace("cooldown: 0s", "cooldown: 0s\n    gated: true");

        assertThatThrownBy(() -> RoutesLoader.load("test-routes.yaml", text)).hasMessageStartingWith(
                "test-routes.yaml line 14: route latency is gated but runbook P2-02 has no gate to wait at; remove 'gated: true' or route another runbook");
    }
}
