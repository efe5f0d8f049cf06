package dev.smctl.engine;

/**
 * The object an action changes, and the unit of locking: one action at a time per target.
 *
 * @param kind lower-case resource kind, as kubectl spells it ({@code deployment}, {@code statefulset}, ...), or
 *             {@code database} for a PostgreSQL database (named by SQL rules; the namespace is where its server runs)
 */
public record Target(String kind, String namespace, String name) {
    private static final java.util.Map<String, String> WORKLOAD_KINDS = java.util.Map.of(
            "deployment", "deployment", "deployments", "deployment", "deploy", "deployment",
            "statefulset", "statefulset", "statefulsets", "statefulset", "sts", "statefulset");

    public Target {
        if (kind == null || !kind.matches("[a-z][a-z0-9]*")) {
            throw new IllegalArgumentException("kind must be a lower-case word, not " + Names.quote(kind));
        }
        Names.requireLabel(namespace, "namespace");
        if (kind.equals("database")) {
            Names.requireSqlIdentifier(name, "database name");
        } else {
            Names.requireSubdomain(name, kind + " name");
        }
    }

    public static Target deployment(String namespace, String name) {
        return new Target("deployment", namespace, name);
    }

    /**
     * A workload as kubectl takes it: {@code TYPE/NAME} ({@code deployment/backend}, {@code sts/postgres}) or a bare
     * name of the default kind.
     *
     * @param defaultKind the kind of a bare NAME, or {@code null} if the kind must be given
     */
    public static Target workload(String argument, String namespace, String defaultKind) {
        int slash = argument.indexOf('/');
        if (slash < 0) {
            if (defaultKind == null) {
                throw new InvalidRequest("give the workload as TYPE/NAME, e.g. deployment/backend or statefulset/postgres, not " + Names.quote(argument));
            }
            return new Target(defaultKind, namespace, argument);
        }
        String kind = WORKLOAD_KINDS.get(argument.substring(0, slash));
        if (kind == null) {
            throw new InvalidRequest("unknown workload type %s: use deployment or statefulset".formatted(Names.quote(argument.substring(0, slash))));
        }
        return new Target(kind, namespace, argument.substring(slash + 1));
    }

    /** {@code deployment production/backend}: how every message names a target. */
    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
