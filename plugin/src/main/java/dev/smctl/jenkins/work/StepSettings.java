package dev.smctl.jenkins.work;

import dev.smctl.engine.Invocation;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything a step resolved before its work starts: who and why, where, and the secrets it will need. Serializable,
 * because database steps carry it to the agent.
 *
 * @param function the step's name, {@code smRollback}, for the log and messages
 * @param namespace the namespace given or configured, or {@code null} for the kubeconfig context's own
 * @param kubeconfig a kubeconfig, or {@code null} for the in-cluster service account
 * @param database the database server, or {@code null} when none was given
 * @param backups the backup store, or {@code null} when none was given
 * @param cache the Redis database, or {@code null} when none was given
 */
public record StepSettings(String function, Requester requester, String reason, boolean dryRun, String namespace,
                           Sensitive kubeconfig, DatabaseTarget database, BackupLocation backups, CacheTarget cache) implements Serializable {

    public Invocation invocation() {
        return requester.invocation(reason, dryRun);
    }

    /** Every secret value this step holds: none of them may reach the build log, the result or a message. */
    public Set<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        if (kubeconfig != null) {
            secrets.addAll(KubeconfigSecrets.of(kubeconfig.value()));
        }
        if (database != null && database.login() != null) {
            secrets.add(database.login().password().value());
        }
        if (backups != null && backups.keys() != null) {
            secrets.add(backups.keys().password().value());
        }
        if (cache != null && cache.password() != null) {
            secrets.add(cache.password().value());
        }
        return secrets;
    }
}
