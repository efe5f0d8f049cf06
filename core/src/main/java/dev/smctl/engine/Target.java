package dev.smctl.engine;

/**
 * The object an action changes, and the unit of locking: one action at a time per target.
 *
 * @param kind lower-case resource kind, as kubectl spells it ({@code deployment}, {@code statefulset}, ...), or
 *             {@code database} for a PostgreSQL database (named by SQL rules; the namespace is where its server runs)
 */
public record Target(String kind, String namespace, String name) {
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

    /** {@code deployment production/backend}: how every message names a target. */
    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
