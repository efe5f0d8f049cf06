package dev.smctl.engine;

/**
 * Who asked: a person, or an alert (never "SYSTEM"). Alerts are named by alertname and identified by their
 * fingerprint, so the audit trail can be joined with Alertmanager's own history.
 */
public record Actor(Type type, String name, String fingerprint) {
    public enum Type { USER, ALERT }

    public Actor {
        if (type == null) {
            throw new IllegalArgumentException("actor type is required");
        }
        name = Names.oneLine(name, 200);
        if (name.isEmpty()) {
            throw new InvalidRequest("an actor name is required: pass --actor NAME (who is asking for this change)");
        }
        fingerprint = type == Type.ALERT ? Names.oneLine(fingerprint, 64) : null;
    }

    public static Actor user(String name) {
        return new Actor(Type.USER, name, null);
    }

    public static Actor alert(String alertname, String fingerprint) {
        return new Actor(Type.ALERT, alertname, fingerprint);
    }

    @Override
    public String toString() {
        return type == Type.USER ? name : "alert " + name + " (fingerprint " + fingerprint + ")";
    }
}
