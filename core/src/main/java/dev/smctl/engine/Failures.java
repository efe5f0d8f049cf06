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
            return "cannot reach the Kubernetes API (%s: %s): check --context / --kubeconfig and that the cluster is up"
                    .formatted(unreachable.getClass().getSimpleName(), Redaction.text(String.valueOf(unreachable.getMessage())));
        }
        Throwable timeout = causeOfType(e, HttpTimeoutException.class, TimeoutException.class);
        if (timeout != null) {
            return "the Kubernetes API did not answer in time (%s)".formatted(timeout.getMessage());
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
