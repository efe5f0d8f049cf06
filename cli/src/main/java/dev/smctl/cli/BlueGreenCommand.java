package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.k8s.BlueGreenSwitch;
import dev.smctl.k8s.Lookups;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "bluegreen", description = "Blue/green traffic switching of a Service.",
        subcommands = {BlueGreenCommand.Switch.class, BlueGreenCommand.Status.class}, mixinStandardHelpOptions = true)
final class BlueGreenCommand extends GroupCommand {

    @Command(name = "switch",
            description = {"Point a Service's colour selector at the other colour (or --to COLOR).",
                    "Refuses unless that colour has --min-ready ready pods; probes --health-url after the switch and",
                    "switches back automatically if it fails; keeps the old colour running unless --scale-down-delay is given."},
            footer = {"", "Examples:",
                    "  smctl bluegreen switch backend -n production --dry-run",
                    "  smctl bluegreen switch backend -n production --to blue --health-url https://api.example.com/health"})
    static final class Switch extends ActionCommand {
        @Parameters(paramLabel = "SERVICE", defaultValue = "backend", description = "The Service (default: ${DEFAULT-VALUE}).")
        String service;

        @Option(names = "--to", paramLabel = "COLOR", description = "The colour to send traffic to (default: the other one).")
        String to;

        @Option(names = "--min-ready", paramLabel = "N", description = "Ready pods the new colour needs (default: its Deployments' replicas).")
        Integer minReady;

        @Option(names = "--health-url", paramLabel = "URL", description = "Probe after the switch; switch back if it does not answer 2xx.")
        URI healthUrl;

        @Option(names = "--health-timeout", paramLabel = "DURATION", defaultValue = "60s", description = "Bound on the probe (default: ${DEFAULT-VALUE}).")
        String healthTimeout;

        @Option(names = "--scale-down-delay", paramLabel = "DURATION", description = "Scale the old colour to 0 this long after a healthy switch (default: never).")
        String scaleDownDelay;

        @Option(names = "--color-label", paramLabel = "LABEL", defaultValue = "color", description = "The selector key holding the colour (default: ${DEFAULT-VALUE}).")
        String colorLabel;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            return remediation.blueGreenSwitch(new BlueGreenSwitch.Request(new Target("service", namespace, service), to, minReady,
                    healthUrl, Durations.parse(healthTimeout), scaleDownDelay == null ? null : Durations.parse(scaleDownDelay),
                    colorLabel, BlueGreenSwitch.Request.BLUE_GREEN), invocation, progress);
        }
    }

    @Command(name = "status", description = "Which colour a Service sends traffic to, and how ready each colour is. Read-only.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "SERVICE", defaultValue = "backend", description = "The Service (default: ${DEFAULT-VALUE}).")
        String service;

        @Option(names = "--color-label", paramLabel = "LABEL", defaultValue = "color", description = "The selector key holding the colour.")
        String colorLabel;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
        OutputFormat output;

        @Override
        public Integer call() {
            Config config = cluster.config();
            Target target = new Target("service", cluster.namespace(config), service);
            try (KubernetesClient client = cluster.connect(config)) {
                Service live = Lookups.require(client, Service.class, target);
                String liveColor = live.getSpec().getSelector().get(colorLabel);
                Map<String, BlueGreenSwitch.ColourState> colours = new LinkedHashMap<>();
                for (String colour : new java.util.TreeSet<>(BlueGreenSwitch.Request.BLUE_GREEN)) {
                    Map<String, String> selector = new TreeMap<>(live.getSpec().getSelector());
                    selector.put(colorLabel, colour);
                    colours.put(colour, BlueGreenSwitch.ColourState.of(client, target.namespace(), selector));
                }
                print(spec.commandLine().getOut(), target, liveColor, colours);
                return ExitCodes.OK;
            }
        }

        private void print(PrintWriter out, Target target, String liveColor, Map<String, BlueGreenSwitch.ColourState> colours) {
            if (output == OutputFormat.JSON) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("service", target.name());
                json.put("liveColor", liveColor);
                json.put("colors", colours);
                out.println(ResultPrinter.mapper().valueToTree(json).toString());
                return;
            }
            out.printf("%s sends traffic to: %s%n", target, liveColor == null ? "(no colour in its selector)" : liveColor);
            out.printf("%-7s %-6s %-7s %-28s %s%n", "COLOUR", "LIVE", "READY", "DEPLOYMENTS", "IMAGES");
            colours.forEach((colour, state) -> out.printf("%-7s %-6s %-7s %-28s %s%n", colour, colour.equals(liveColor) ? "yes" : "",
                    state.ready() + "/" + state.desired(), String.join(",", state.deployments()), String.join(",", state.images())));
        }
    }

}
