package dev.smctl.k8s;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Target;

import java.util.Map;

/**
 * {@code TYPE/NAME} arguments as kubectl spells them: {@code deployment/backend}, {@code sts/postgres}. Shared by the
 * command line and the Pipeline steps, so both read a workload the same way.
 */
public final class Workloads {
    private static final Map<String, String> KINDS = Map.of(
            "deployment", "deployment", "deployments", "deployment", "deploy", "deployment",
            "statefulset", "statefulset", "statefulsets", "statefulset", "sts", "statefulset");

    private Workloads() {
    }

    /** @param defaultKind the kind of a bare NAME, or {@code null} if the kind must be given */
    public static Target parse(String argument, String namespace, String defaultKind) {
        int slash = argument.indexOf('/');
        if (slash < 0) {
            if (defaultKind == null) {
                throw new InvalidRequest("give the workload as TYPE/NAME, e.g. deployment/backend or statefulset/postgres, not " + Names.quote(argument));
            }
            return new Target(defaultKind, namespace, argument);
        }
        String kind = KINDS.get(argument.substring(0, slash));
        if (kind == null) {
            throw new InvalidRequest("unknown workload type %s: use deployment or statefulset".formatted(Names.quote(argument.substring(0, slash))));
        }
        return new Target(kind, namespace, argument.substring(slash + 1));
    }
}
