package dev.smctl.secrets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.RolePassword;
import dev.smctl.engine.Action;
import dev.smctl.engine.ActionRunner;
import dev.smctl.engine.Change;
import dev.smctl.engine.Conflict;
import dev.smctl.engine.FailedSafely;
import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Target;
import dev.smctl.engine.Unavailable;
import dev.smctl.engine.Verification;
import dev.smctl.k8s.Lookups;
import dev.smctl.k8s.Patches;
import dev.smctl.k8s.Restart;
import dev.smctl.k8s.RolloutWait;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * P0-03 "change every secret", one Secret and one kind at a time: new random values into the Secret (a
 * resourceVersion precondition guards the write), a rolling restart of every Deployment that reads it, and a
 * check that the Secret holds what was planned. For {@link SecretKind#DB_PASSWORD} the role's password changes
 * in the database first, and the check proves the new password logs in and the old one is refused.
 *
 * <p>No value is ever shown: plans, records and messages carry fingerprints ({@link SecretValues#fingerprint}).
 * The new values are drawn once per run, so a plan made again after a conflict makes the same change.
 *
 * <p>The app must never be locked out: if the Secret cannot be written after the database took the new password,
 * the database is set to whatever password the Secret holds (normally the previous one), and if the database
 * cannot be reached for that, the Secret update is retried on a fresh read. The message says which state was left.
 *
 * <p>The lock is on the Secret. The Deployments are restarted with their own resourceVersion precondition (a
 * concurrent change is re-read and the restart stamped again); one at 0 replicas is left alone, because its pods
 * read the new values when it is scaled up.
 */
public final class SecretRotation implements Action<SecretRotation.RotationPlan> {
    /**
     * @param database for {@link SecretKind#DB_PASSWORD}: an administrator's access to the server the role lives on
     * @param role the database role, or {@code null} for the user named by the Secret's URL
     * @param deployment a Deployment that must be among the Secret's readers, or {@code null}
     * @param timeout how long each restart may take to roll out
     */
    public record Request(SecretKind kind, Target secret, DatabaseAccess database, String role, String deployment, Duration timeout) {
        public Request {
            Objects.requireNonNull(kind, "kind");
            if (!secret.kind().equals("secret")) {
                throw new IllegalArgumentException("the target of a rotation is a secret, not a " + secret.kind());
            }
            if (kind == SecretKind.DB_PASSWORD && database == null) {
                throw new InvalidRequest("rotating db-password changes the role's password in the database too: pass --db-url "
                        + "postgresql://ADMIN@HOST:5432/DATABASE (a role allowed to ALTER ROLE) with its password in PGPASSWORD");
            }
            if (role != null) {
                Names.requireSqlIdentifier(role, "database role");
            }
            if (deployment != null) {
                Names.requireSubdomain(deployment, "deployment name");
            }
        }
    }

    /** A restart of one reader, planned by the k8s {@link Restart} action. */
    public record PlannedRestart(Target deployment, Restart action, Restart.Plan plan) {
    }

    /**
     * @param oldValues every key of the Secret as read, so that verify can prove no keyring key went missing
     * @param newValues the keys that change, with their new values
     * @param oldPassword for a database password: the one the Secret held
     */
    public record RotationPlan(String summary, String resourceVersion, Map<String, Secret> oldValues, Map<String, Secret> newValues,
                               String role, Secret oldPassword, Secret newPassword, List<PlannedRestart> restarts,
                               List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo) implements Plan {
    }

    private final KubernetesClient client;
    private final Request request;
    private final RolloutWait rolloutWait;
    private final Instant now;
    /** Drawn on first use and kept, by slot (the data key, or "password" for the one database password). */
    private final Map<String, Secret> drawn = new LinkedHashMap<>();
    private final Map<String, String> restartFailures = new LinkedHashMap<>();

    public SecretRotation(KubernetesClient client, Request request, RolloutWait rolloutWait, Instant now) {
        this.client = client;
        this.request = request;
        this.rolloutWait = rolloutWait;
        this.now = now;
    }

    @Override
    public String name() {
        return "secrets-rotate";
    }

    @Override
    public Target target() {
        return request.secret();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("kind", request.kind().label());
        if (request.database() != null) {
            parameters.put("database", request.database().toString());
        }
        if (request.role() != null) {
            parameters.put("role", request.role());
        }
        if (request.deployment() != null) {
            parameters.put("deployment", request.deployment());
        }
        parameters.put("timeout", request.timeout().toString());
        return parameters;
    }

    private Secret draw(String slot) {
        int bytes = request.kind().valueBytes();
        return drawn.computeIfAbsent(slot, s -> request.kind() == SecretKind.ENCRYPTION_KEY ? SecretValues.base64(bytes) : SecretValues.urlSafe(bytes));
    }

    @Override
    public RotationPlan plan() {
        Target target = request.secret();
        io.fabric8.kubernetes.api.model.Secret secret = Lookups.require(client, io.fabric8.kubernetes.api.model.Secret.class, target);
        Map<String, Secret> values = values(secret);
        List<Change> changes = new ArrayList<>();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("resourceVersion", secret.getMetadata().getResourceVersion());
        before.put("keys", values.entrySet().stream().map(e -> Map.of("key", e.getKey(), "fingerprint", SecretValues.fingerprint(e.getValue()))).toList());

        KindChange change = switch (request.kind()) {
            case DB_PASSWORD -> databasePassword(values, before, changes);
            case JWT, API_KEYS -> sharedSecrets(values);
            case ENCRYPTION_KEY -> keyring(values, before);
        };
        Map<String, Secret> newValues = change.newValues();
        newValues.forEach((key, value) -> changes.add(new Change("/secrets/%s/data/%s".formatted(target.name(), key),
                shown(key, values.get(key)), shown(key, value))));

        List<PlannedRestart> restarts = planRestarts(before);
        restarts.forEach(restart -> restart.plan().changes().forEach(stamp -> changes.add(
                new Change("/deployments/" + restart.deployment().name() + stamp.path(), stamp.before(), stamp.after()))));
        String restarted = restarts.isEmpty() ? "restart nothing (no reader has pods running)"
                : "restart " + restarts.stream().map(r -> "deployment " + r.deployment().name()).collect(Collectors.joining(", "));
        String summary = "rotate %s in %s (keys %s), then %s".formatted(change.what(), target, String.join(", ", newValues.keySet()), restarted);
        return new RotationPlan(summary, secret.getMetadata().getResourceVersion(), values, newValues, change.role(), change.oldPassword(),
                change.newPassword(), restarts, changes, before, Optional.empty(), undo());
    }

    /**
     * What one kind changes in the Secret, said in words for the summary; for a database password also the role
     * and both passwords.
     */
    private record KindChange(Map<String, Secret> newValues, String what, String role, Secret oldPassword, Secret newPassword) {
    }

    private KindChange databasePassword(Map<String, Secret> values, Map<String, Object> before, List<Change> changes) {
        Target target = request.secret();
        DatabasePassword found = DatabasePassword.find(target, values);
        String role = found.role(target, request.role());
        RolePassword rolePassword = rolePassword(role);
        rolePassword.requireLoginRole();
        Secret oldPassword = found.current();
        Secret newPassword = draw("password");
        boolean logsIn = rolePassword.tryLogin(oldPassword) == RolePassword.Login.ACCEPTED;
        before.put("role", role);
        before.put("secretPasswordLogsIn", logsIn);
        changes.add(new Change("/databases/%s:%d/roles/%s/password".formatted(request.database().host(), request.database().port(), role),
                SecretValues.fingerprint(oldPassword), SecretValues.fingerprint(newPassword)));
        String what = "the password of database role %s%s".formatted(role, logsIn ? ""
                : " (the Secret's current password is already refused: the app cannot log in now; this rotation puts them back in step)");
        return new KindChange(found.with(newPassword, values), what, role, oldPassword, newPassword);
    }

    private KindChange sharedSecrets(Map<String, Secret> values) {
        Target target = request.secret();
        Map<String, Secret> newValues = new LinkedHashMap<>();
        values.keySet().stream().filter(Redaction::isSecretName).forEach(key -> newValues.put(key, draw(key)));
        if (newValues.isEmpty()) {
            throw new InvalidRequest("%s has no secret-named key to rotate (keys: %s); name keys like JWT_SECRET or PUSH_API_KEY"
                    .formatted(target, values.keySet()));
        }
        requireNoKeyPair(target, values, newValues.keySet());
        String what = request.kind() == SecretKind.JWT ? "the JWT signing secret (every token signed with the old one stops validating)"
                : "the API keys";
        return new KindChange(newValues, what, null, null, null);
    }

    private KindChange keyring(Map<String, Secret> values, Map<String, Object> before) {
        Target target = request.secret();
        if (!values.containsKey(Keyring.PRIMARY)) {
            // Another layout would get a second, unused keyring beside it, and the app would keep its compromised key.
            throw new InvalidRequest("%s has no %s (keys: %s); smctl rotates a keyring kept as %s (primary) and %s (comma-separated)"
                    .formatted(target, Keyring.PRIMARY, values.keySet(), Keyring.PRIMARY, Keyring.PREVIOUS));
        }
        Keyring current = Keyring.of(values);
        Keyring next = current.rotatedTo(draw(Keyring.PRIMARY));
        before.put("keyring", Map.of("primary", SecretValues.fingerprint(current.primary()),
                "previous", current.previous().stream().map(SecretValues::fingerprint).toList()));
        String what = "the encryption key: a new primary key; the %d previous keys all stay for decryption, none is deleted (data may still be encrypted with them)"
                .formatted(next.previous().size());
        return new KindChange(next.data(), what, null, null, null);
    }

    /** Random bytes in place of a private key (RS256, ES256) would break every token check, not rotate anything. */
    private static void requireNoKeyPair(Target target, Map<String, Secret> values, Set<String> keys) {
        List<String> pem = keys.stream().filter(key -> values.get(key) != null && values.get(key).reveal().strip().startsWith("-----BEGIN")).toList();
        if (!pem.isEmpty()) {
            throw new InvalidRequest("%s key %s holds a PEM key pair, not a shared secret; smctl generates random shared secrets only: issue a new key pair with your PKI"
                    .formatted(target, String.join(", ", pem)));
        }
    }

    /** A value as a plan shows it: its fingerprint; a keyring's previous keys one fingerprint each. */
    private Object shown(String key, Secret value) {
        if (request.kind() == SecretKind.ENCRYPTION_KEY && key.equals(Keyring.PREVIOUS)) {
            return Keyring.of(value == null ? Map.of() : Map.of(Keyring.PREVIOUS, value)).previous().stream().map(SecretValues::fingerprint).toList();
        }
        return SecretValues.fingerprint(value);
    }

    private String undo() {
        return request.kind() == SecretKind.ENCRYPTION_KEY
                ? "the previous keys stay in %s; to make one primary again, edit Secret %s/%s by hand (smctl never removes a key)"
                .formatted(Keyring.PREVIOUS, request.secret().namespace(), request.secret().name())
                : "no way back to the old values (presume them compromised); to replace the new ones, rotate again";
    }

    private List<PlannedRestart> planRestarts(Map<String, Object> before) {
        Target target = request.secret();
        List<Deployment> readers = SecretReaders.of(client, target.namespace(), target.name());
        List<String> names = readers.stream().map(d -> d.getMetadata().getName()).toList();
        if (request.deployment() != null && !names.contains(request.deployment())) {
            throw new InvalidRequest("deployment %s does not read %s (its readers: %s); nothing to restart there"
                    .formatted(request.deployment(), target, names.isEmpty() ? "none" : names));
        }
        before.put("readers", names);
        List<PlannedRestart> restarts = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        for (Deployment reader : readers) {
            Target deployment = Target.deployment(target.namespace(), reader.getMetadata().getName());
            if (Objects.requireNonNullElse(reader.getSpec().getReplicas(), 1) == 0) {
                idle.add(deployment.name());
                continue;
            }
            Restart restart = new Restart(client, deployment, request.timeout(), rolloutWait, now);
            restarts.add(new PlannedRestart(deployment, restart, restart.plan()));
        }
        if (!idle.isEmpty()) {
            before.put("notRestarted", idle.stream().collect(Collectors.toMap(Function.identity(),
                    name -> "0 replicas: its pods read the new values when it is scaled up", (a, b) -> a, TreeMap::new)));
        }
        return restarts;
    }

    @Override
    public Map<String, Object> execute(RotationPlan plan, Progress progress) {
        restartFailures.clear();
        if (plan.newPassword() != null) {
            rolePassword(plan.role()).set(plan.newPassword());
            progress.report("execute", "role %s has the new password (%s); its SCRAM verifier was computed here, the password never reached the server"
                    .formatted(plan.role(), SecretValues.fingerprint(plan.newPassword())));
        }
        String resourceVersion = writeSecretOrRecover(plan, progress);
        progress.report("execute", "%s holds the new values of %s".formatted(request.secret(), String.join(", ", plan.newValues().keySet())));
        List<String> restarted = new ArrayList<>();
        for (PlannedRestart restart : plan.restarts()) {
            try {
                restart(restart, progress);
                restarted.add(restart.deployment().name());
            } catch (RuntimeException e) {
                restartFailures.put(restart.deployment().name(), e instanceof Refused ? e.getMessage() : Failures.describe(e));
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("resourceVersion", resourceVersion);
        after.put("restarted", restarted);
        if (!restartFailures.isEmpty()) {
            after.put("restartFailures", Map.copyOf(restartFailures));
        }
        return after;
    }

    /** Stamps the restart; a Deployment changed since the plan is read again and stamped again, twice at most. */
    private void restart(PlannedRestart restart, Progress progress) {
        Restart.Plan plan = restart.plan();
        for (int attempt = 1; ; attempt++) {
            try {
                restart.action().execute(plan, progress);
                progress.report("execute", "restarting " + restart.deployment());
                return;
            } catch (Conflict e) {
                if (attempt == ActionRunner.CONFLICT_ATTEMPTS) {
                    throw e;
                }
                plan = restart.action().plan();
            }
        }
    }

    /**
     * Writes the new values with the plan's resourceVersion. When that fails after the database took a new
     * password, puts database and Secret back in step before giving up.
     *
     * @return the Secret's new resourceVersion
     */
    private String writeSecretOrRecover(RotationPlan plan, Progress progress) {
        try {
            return writeSecret(plan, plan.resourceVersion());
        } catch (RuntimeException failure) {
            if (plan.newPassword() != null) {
                return recoverDatabasePassword(plan, failure, progress);
            }
            if (failure instanceof KubernetesClientException refused && refused.getCode() >= 400) {
                throw new FailedSafely("the API server refused the write to %s (%s); nothing was changed".formatted(request.secret(), describe(failure)));
            }
            throw failure;
        }
    }

    /**
     * The app logs in with whatever the Secret holds, so the database must accept exactly that. Re-read the
     * Secret (the failed write may have been applied after all) and set the role to its password; if the database
     * cannot be reached for that, finish the Secret update instead.
     */
    private String recoverDatabasePassword(RotationPlan plan, RuntimeException failure, Progress progress) {
        String why = describe(failure);
        Secret held;
        String heldHow;
        try {
            held = DatabasePassword.find(request.secret(), values(Lookups.require(client, io.fabric8.kubernetes.api.model.Secret.class,
                    request.secret()))).current();
            heldHow = "the password the Secret holds";
        } catch (RuntimeException unreadable) {
            held = plan.oldPassword();
            heldHow = "the previous password (the Secret could not be read back: %s)".formatted(describe(unreadable));
        }
        if (held.equals(plan.newPassword())) {
            progress.report("recover", "the write to %s failed (%s) but had been applied: it holds the new password".formatted(request.secret(), why));
            return "(unknown: the write reported " + why + ")";
        }
        progress.report("recover", "could not write %s (%s); setting role %s back to %s".formatted(request.secret(), why, plan.role(), heldHow));
        try {
            rolePassword(plan.role()).set(held);
        } catch (RuntimeException unreachable) {
            return finishSecretUpdate(plan, why, describe(unreachable), progress);
        }
        if (failure instanceof Conflict) {
            throw failure;
        }
        throw new FailedSafely(("could not write %s (%s); role %s was set back to %s (%s), so the app logs in as before; "
                + "nothing was rotated; fix the cause and run again").formatted(request.secret(), why, plan.role(), heldHow,
                SecretValues.fingerprint(held)));
    }

    private String finishSecretUpdate(RotationPlan plan, String secretFailure, String databaseFailure, Progress progress) {
        progress.report("recover", "could not set role %s back (%s); writing the new password into %s again instead"
                .formatted(plan.role(), databaseFailure, request.secret()));
        try {
            String fresh = Lookups.require(client, io.fabric8.kubernetes.api.model.Secret.class, request.secret()).getMetadata().getResourceVersion();
            return writeSecret(plan, fresh);
        } catch (RuntimeException again) {
            throw new Unavailable(("APP LOCKED OUT: role %s has the new password (%s) but %s still holds the previous one (%s): writing the Secret failed (%s, then %s) "
                    + "and setting the role back failed (%s). Pods started from now on cannot log in. Once the database answers, set the role's password "
                    + "to the Secret's with 'smctl secrets rotate --kind db-password' again, or by hand from 'kubectl get secret %s -n %s'")
                    .formatted(plan.role(), SecretValues.fingerprint(plan.newPassword()), request.secret(), SecretValues.fingerprint(plan.oldPassword()),
                            secretFailure, describe(again), databaseFailure, request.secret().name(), request.secret().namespace()), again);
        }
    }

    /** @return the Secret's new resourceVersion */
    private String writeSecret(RotationPlan plan, String resourceVersion) {
        ArrayNode patch = Patches.guardedBy(resourceVersion);
        plan.newValues().forEach((key, value) -> patch.addObject().put("op", "add").put("path", "/data/" + Patches.escape(key))
                .put("value", Base64.getEncoder().encodeToString(value.reveal().getBytes(StandardCharsets.UTF_8))));
        return Patches.apply(client, io.fabric8.kubernetes.api.model.Secret.class, request.secret().namespace(), request.secret().name(), patch)
                .getMetadata().getResourceVersion();
    }

    @Override
    public Verification verify(RotationPlan plan, Progress progress) {
        List<String> problems = new ArrayList<>(restartFailures.entrySet().stream()
                .map(e -> "the restart of deployment %s failed (%s): its pods keep the old values; run 'smctl restart deployment/%s -n %s'"
                        .formatted(e.getKey(), e.getValue(), e.getKey(), request.secret().namespace())).toList());
        Map<String, Object> observed = new LinkedHashMap<>();
        Map<String, Secret> now = values(Lookups.require(client, io.fabric8.kubernetes.api.model.Secret.class, request.secret()));
        plan.newValues().forEach((key, value) -> {
            if (!value.equals(now.get(key))) {
                problems.add("%s key %s holds %s, not the new value %s: it was changed since".formatted(request.secret(), key,
                        SecretValues.fingerprint(now.get(key)), SecretValues.fingerprint(value)));
            }
        });
        observed.put("keys", now.entrySet().stream().map(e -> Map.of("key", e.getKey(), "fingerprint", SecretValues.fingerprint(e.getValue()))).toList());
        List<String> proven = new ArrayList<>();
        if (request.kind() == SecretKind.ENCRYPTION_KEY) {
            Keyring kept = Keyring.of(now);
            if (!kept.keepsEveryKeyOf(Keyring.of(plan.oldValues()))) {
                problems.add("a previous encryption key is missing from %s: data encrypted with it cannot be read; put it back into %s"
                        .formatted(request.secret(), Keyring.PREVIOUS));
            } else {
                proven.add("every previous encryption key is kept (%d)".formatted(kept.previous().size()));
            }
        }
        if (plan.newPassword() != null) {
            RolePassword rolePassword = rolePassword(plan.role());
            RolePassword.Login withNew = rolePassword.tryLogin(plan.newPassword());
            RolePassword.Login withOld = rolePassword.tryLogin(plan.oldPassword());
            observed.put("newPasswordLogin", withNew.name().toLowerCase(Locale.ROOT));
            observed.put("oldPasswordLogin", withOld.name().toLowerCase(Locale.ROOT));
            if (withNew != RolePassword.Login.ACCEPTED) {
                problems.add("role %s does not log in with the new password".formatted(plan.role()));
            }
            if (withOld != RolePassword.Login.REFUSED) {
                problems.add("role %s still logs in with the old password: does pg_hba.conf trust it instead of asking for a password?".formatted(plan.role()));
            }
            if (withNew == RolePassword.Login.ACCEPTED && withOld == RolePassword.Login.REFUSED) {
                proven.add("role %s logs in with the new password and the old one is refused".formatted(plan.role()));
            }
        }
        for (PlannedRestart restart : plan.restarts()) {
            if (restartFailures.containsKey(restart.deployment().name())) {
                continue;
            }
            Verification rollout = restart.action().verify(restart.plan(), progress);
            if (rollout.passed()) {
                proven.add(restart.deployment() + " restarted");
            } else {
                problems.add("%s did not finish restarting: %s".formatted(restart.deployment(), rollout.message()));
            }
        }
        if (!problems.isEmpty()) {
            return Verification.failed("rotated %s, but: %s".formatted(request.secret(), String.join("; ", problems)), observed);
        }
        return Verification.passed("rotated %s (%s)%s".formatted(request.secret(), String.join(", ", plan.newValues().keySet()),
                proven.isEmpty() ? "" : "; " + String.join("; ", proven)), observed);
    }

    private RolePassword rolePassword(String role) {
        return new RolePassword(request.database(), role);
    }

    /** The Secret's values, decoded, by key in order. */
    static Map<String, Secret> values(io.fabric8.kubernetes.api.model.Secret secret) {
        Map<String, Secret> values = new LinkedHashMap<>();
        new TreeMap<>(Objects.requireNonNullElse(secret.getData(), Map.<String, String>of())).forEach((key, encoded) ->
                values.put(key, Secret.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))));
        return values;
    }

    /** A failure in one line without the server's own text, which for a rejected Secret could quote a value. */
    private static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException kce && kce.getCode() > 0) {
            String reason = kce.getStatus() == null ? null : kce.getStatus().getReason();
            return "HTTP %d%s".formatted(kce.getCode(), reason == null ? "" : " " + reason);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : Redaction.text(e.getMessage());
    }
}
