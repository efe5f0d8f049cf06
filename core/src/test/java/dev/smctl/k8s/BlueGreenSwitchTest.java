package dev.smctl.k8s;

import dev.smctl.SandboxCase;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.sandbox.ImageHealth;
import dev.smctl.sandbox.Platform;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlueGreenSwitchTest extends SandboxCase {
    static final Target SERVICE = new Target("service", NS, "backend");

    BlueGreenSwitch.Request to(String color, URI health, Duration scaleDownDelay) {
        return new BlueGreenSwitch.Request(SERVICE, color, null, health, Duration.ofSeconds(2), scaleDownDelay, "color",
                BlueGreenSwitch.Request.BLUE_GREEN);
    }

    ActionResult switchTo(String color, URI health, Gate gate) {
        return engine(gate).blueGreenSwitch(to(color, health, null), asAlice(false), progress());
    }

    String liveColor() {
        return client.services().inNamespace(NS).withName("backend").get().getSpec().getSelector().get("color");
    }

    @Test
    void switchesToTheOtherColourWhenAllItsPodsAreReady() {
        ActionResult result = switchTo(null, sandbox.healthUrl(), Gate.NONE);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(liveColor()).isEqualTo("green");
        assertThat(result.before()).containsEntry("liveColor", "blue");
        assertThat(result.undo()).isEqualTo("smctl bluegreen switch backend -n production --to blue");
    }

    @Test
    void refusesWhenTheNewColourHasTooFewReadyPods() {
        sandbox.controller().release(NS, Platform.BACKEND_GREEN, Platform.IMAGE + "2.5.0", "deploy 2.5.0 to green");
        sandbox.images().breakImage(Platform.IMAGE + "2.5.0", ImageHealth.Failure.CRASH_LOOP);
        sandbox.settle();

        ActionResult result = switchTo("green", null, Gate.NONE);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).isEqualTo("only 0 of 3 green pods are ready (need 3, see --min-ready); not switching service production/backend");
        assertThat(liveColor()).isEqualTo("blue");
    }

    @Test
    void switchesBackAutomaticallyWhenHealthFailsAfterTheSwitch() {
        sandbox.images().breakImage(Platform.IMAGE + "2.5.0", ImageHealth.Failure.SERVES_ERRORS);
        sandbox.controller().release(NS, Platform.BACKEND_GREEN, Platform.IMAGE + "2.5.0", "deploy 2.5.0 to green");

        ActionResult result = switchTo("green", sandbox.healthUrl(), Gate.NONE);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("after switching to green; switched back to blue automatically");
        assertThat(result.after()).containsEntry("switchedBack", true).containsEntry("liveColor", "blue");
        assertThat(liveColor()).isEqualTo("blue");
    }

    @Test
    void keepsAConcurrentChangeToTheServiceAndStillSwitches() {
        Gate someoneLabelsTheService = (plan, invocation) -> client.services().inNamespace(NS).withName("backend")
                .edit(s -> {
                    s.getMetadata().getLabels().put("team", "messaging");
                    return s;
                });

        ActionResult result = switchTo("green", null, someoneLabelsTheService);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(liveColor()).isEqualTo("green");
        assertThat(client.services().inNamespace(NS).withName("backend").get().getMetadata().getLabels()).containsEntry("team", "messaging");
    }

    @Test
    void skipsWhenSomeoneElseSwitchedMeanwhile() {
        Gate someoneSwitchesFirst = (plan, invocation) -> client.services().inNamespace(NS).withName("backend")
                .edit(s -> {
                    s.getSpec().getSelector().put("color", "green");
                    return s;
                });

        ActionResult result = switchTo("green", null, someoneSwitchesFirst);

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.message()).contains("already sends traffic to green");
    }

    @Test
    void skipsWhenTheColourIsAlreadyLive() {
        assertThat(switchTo("blue", null, Gate.NONE).status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void rejectsAnUnknownColour() {
        assertThatThrownBy(() -> to("purple", null, null)).isInstanceOf(InvalidRequest.class)
                .hasMessage("unknown colour \"purple\"; service production/backend switches between [blue, green]");
    }

    @Test
    void scalesTheOldColourDownAfterTheDelayAndRecordsItsCount() {
        sandbox.startControllers(TICK);

        ActionResult result = engine().blueGreenSwitch(to("green", null, Duration.ofMillis(200)), asAlice(false), progress());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        var blue = client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).get();
        assertThat(blue.getSpec().getReplicas()).isZero();
        assertThat(blue.getMetadata().getAnnotations()).containsEntry(Scale.PREVIOUS_REPLICAS, "3");
    }

    @Test
    void reportsEachColoursReadiness() {
        var status = BlueGreenSwitch.ColourState.of(client, NS, java.util.Map.of("component", "backend", "color", "green"));

        assertThat(status.deployments()).containsExactly(Platform.BACKEND_GREEN);
        assertThat(status.ready()).isEqualTo(3);
        assertThat(status.desired()).isEqualTo(3);
    }
}
