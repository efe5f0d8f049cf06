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
        Throwable root = rootCause(e);
        if (root instanceof ConnectException || root instanceof UnknownHostException) {
            return "cannot reach the Kubernetes API (%s): check --context / --kubeconfig and that the cluster is up"
                    .formatted(Redaction.text(String.valueOf(root.getMessage())));
        }
        if (root instanceof HttpTimeoutException || root instanceof TimeoutException) {
            return "the Kubernetes API did not answer in time (%s)".formatted(root.getMessage());
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

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
