package dev.smctl.engine;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Turns an unexpected exception into one line an on-call engineer can act on. */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable e) {
        if (e instanceof Unavailable) {
            return e.getMessage();
        }
        Throwable unreachable = causeOfType(e, ConnectException.class, UnknownHostException.class);
        if (unreachable != null) {
            return "cannot reach %s (%s: %s): %s".formatted(server(e), unreachable.getClass().getSimpleName(),
                    Redaction.text(String.valueOf(unreachable.getMessage())), check(e));
        }
        Throwable timeout = causeOfType(e, HttpTimeoutException.class, TimeoutException.class);
        if (timeout != null) {
            return "%s did not answer in time (%s): %s".formatted(server(e), Redaction.text(String.valueOf(timeout.getMessage())), check(e));
        }
        if (e instanceof KubernetesClientException kce) {
            Status status = kce.getStatus();
            String reason = status != null && status.getMessage() != null ? status.getMessage() : kce.getMessage();
            String hint = switch (kce.getCode()) {
                case 401 -> "; the credentials in the kubeconfig were rejected: log in again";
                case 403 -> "; the account lacks a permission: see the RBAC role in the README";
                default -> "";
            };
            return "Kubernetes API error %d: %s%s".formatted(kce.getCode(), Redaction.text(firstLine(reason)), hint);
        }
        return e.getClass().getSimpleName() + ": " + Redaction.text(firstLine(String.valueOf(e.getMessage())));
    }

    /**
     * Which server a connection failure is about, from the client that raised it: a failure to reach the database
     * or S3 must not send the on-call engineer to check the cluster.
     */
    private static String server(Throwable e) {
        if (causeOfType(e, java.sql.SQLException.class) != null) {
            return "the database";
        }
        if (causeOfName(e, "software.amazon.awssdk.")) {
            return "the S3 endpoint";
        }
        if (causeOfName(e, "redis.clients.jedis.")) {
            return "Redis";
        }
        if (causeOfType(e, KubernetesClientException.class) != null) {
            return "the Kubernetes API";
        }
        return "a server";
    }

    private static String check(Throwable e) {
        return switch (server(e)) {
            case "the database" -> "check the host and port of --db-url and that PostgreSQL is up";
            case "the S3 endpoint" -> "check --s3-endpoint / --s3-region and the network path to S3";
            case "Redis" -> "check --redis HOST:PORT and that Redis is up";
            case "the Kubernetes API" -> "check --context / --kubeconfig and that the cluster is up";
            default -> "check the address and that the server is up";
        };
    }

    private static boolean causeOfName(Throwable e, String packagePrefix) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getClass().getName().startsWith(packagePrefix)) {
                return true;
            }
        }
        return false;
    }

    /** The first exception in the cause chain of one of these types (HTTP clients wrap them differently). */
    @SafeVarargs
    private static Throwable causeOfType(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(cause)) {
                    return cause;
                }
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
