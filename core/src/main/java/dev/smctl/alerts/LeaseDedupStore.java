package dev.smctl.alerts;

import dev.smctl.engine.Failures;
import dev.smctl.engine.Names;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Unavailable;
import dev.smctl.k8s.LeaseLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The decisions as {@code coordination.k8s.io/v1} Leases in one namespace: {@code smctl-alert-incident-<hash>},
 * {@code smctl-alert-cooldown-<hash>}, {@code smctl-alert-resolution-<hash>}, labelled
 * {@code smctl.dev/alert-record}. A claim is a create, which the API server refuses with 409 when the name exists,
 * so two receivers racing create exactly one; an expired record is taken over by an update that carries its
 * resourceVersion, so that race has one winner too. The record's expiry is the Lease's renewTime plus its
 * leaseDurationSeconds, and {@link #sweep()} deletes what has expired.
 * RBAC: create, get, list, update and delete on {@code leases} in the namespace.
 */
public final class LeaseDedupStore implements DedupStore {
    static final String RECORD_LABEL = "smctl.dev/alert-record";
    private static final String KEY = "smctl.dev/key";
    private static final String SETTLED = "smctl.dev/settled";
    private static final String FACT = "smctl.dev/";

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;

    public LeaseDedupStore(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = Names.requireLabel(namespace, "namespace for alert records");
        this.clock = clock;
    }

    /** {@code smctl-alert-incident-<first 40 hex digits of SHA-256(key)>}: a valid name whatever the key holds. */
    static String leaseName(Kind kind, String key) {
        return "smctl-alert-" + kind.label() + "-" + Sha256.hex(key).substring(0, 40);
    }

    @Override
    public Claim claim(Kind kind, String key, String holder, Duration ttl, boolean settled, Map<String, String> facts) {
        Lease wanted = lease(kind, key, holder, ttl, settled, facts, null);
        // Two rounds: a record deleted by the sweep between our create and our read is created on the second.
        for (int round = 0; round < 2; round++) {
            Lease created = call("create", () -> createIfAbsent(wanted));
            if (created != null) {
                return new Claim(true, record(kind, created));
            }
            Lease current = call("read", () -> client.leases().inNamespace(namespace).withName(name(wanted)).get());
            if (current == null) {
                continue;
            }
            DedupRecord existing = record(kind, current);
            if (existing.holder().equals(holder)) {
                return new Claim(true, existing);
            }
            if (!existing.expiredAt(clock.instant())) {
                return new Claim(false, existing);
            }
            Lease replaced = call("take over", () -> replace(lease(kind, key, holder, ttl, settled, facts, existing.version())));
            if (replaced != null) {
                return new Claim(true, record(kind, replaced));
            }
            Lease winner = call("read", () -> client.leases().inNamespace(namespace).withName(name(wanted)).get());
            if (winner != null) {
                return new Claim(false, record(kind, winner));
            }
        }
        throw new Unavailable("the alert record %s/%s kept changing while it was claimed; Alertmanager will retry"
                .formatted(namespace, name(wanted)), null);
    }

    @Override
    public Optional<DedupRecord> read(Kind kind, String key) {
        Lease current = call("read", () -> client.leases().inNamespace(namespace).withName(leaseName(kind, key)).get());
        return Optional.ofNullable(current).map(lease -> record(kind, lease)).filter(r -> !r.expiredAt(clock.instant()));
    }

    @Override
    public Optional<DedupRecord> settle(DedupRecord mine, Duration ttl, Map<String, String> facts) {
        Lease settled = call("settle", () -> replace(lease(mine.kind(), mine.key(), mine.holder(), ttl, true, facts, mine.version())));
        return Optional.ofNullable(settled).map(lease -> record(mine.kind(), lease));
    }

    @Override
    public void release(DedupRecord mine) {
        call("release", () -> client.leases().inNamespace(namespace).withName(leaseName(mine.kind(), mine.key()))
                .lockResourceVersion(mine.version()).delete());
    }

    @Override
    public int sweep() {
        Instant now = clock.instant();
        int deleted = 0;
        for (Lease lease : call("list", () -> client.leases().inNamespace(namespace).withLabel(RECORD_LABEL).list().getItems())) {
            if (!expires(lease).isAfter(now)) {
                // The version pins what we judged expired: a record renewed meanwhile is not deleted.
                call("sweep", () -> client.leases().inNamespace(namespace).withName(lease.getMetadata().getName())
                        .lockResourceVersion(lease.getMetadata().getResourceVersion()).delete());
                deleted++;
            }
        }
        return deleted;
    }

    private Lease lease(Kind kind, String key, String holder, Duration ttl, boolean settled, Map<String, String> facts, String version) {
        Map<String, String> annotations = new HashMap<>();
        facts.forEach((name, value) -> annotations.put(FACT + name, value));
        annotations.put(KEY, key);
        annotations.put(SETTLED, String.valueOf(settled));
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(leaseName(kind, key))
                .withNamespace(namespace)
                .withResourceVersion(version)
                .addToLabels(LeaseLock.MANAGED_BY_LABEL, LeaseLock.MANAGED_BY)
                .addToLabels(RECORD_LABEL, kind.label())
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withAcquireTime(now)
                .withRenewTime(now)
                .withLeaseDurationSeconds((int) Math.min(Integer.MAX_VALUE, Math.max(1, ttl.toSeconds())))
                .endSpec()
                .build();
    }

    private DedupRecord record(Kind kind, Lease lease) {
        Map<String, String> facts = new HashMap<>();
        Map<String, String> annotations = lease.getMetadata().getAnnotations() == null ? Map.of() : lease.getMetadata().getAnnotations();
        annotations.forEach((name, value) -> {
            if (name.startsWith(FACT) && !name.equals(KEY) && !name.equals(SETTLED)) {
                facts.put(name.substring(FACT.length()), value);
            }
        });
        String holder = lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
        return new DedupRecord(kind, annotations.getOrDefault(KEY, ""), holder, expires(lease),
                Boolean.parseBoolean(annotations.get(SETTLED)), facts, lease.getMetadata().getResourceVersion());
    }

    /** renewTime (else acquireTime) plus leaseDurationSeconds; a record missing them counts as expired. */
    private static Instant expires(Lease lease) {
        if (lease.getSpec() == null || lease.getSpec().getLeaseDurationSeconds() == null) {
            return Instant.EPOCH;
        }
        ZonedDateTime from = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime() : lease.getSpec().getAcquireTime();
        return from == null ? Instant.EPOCH : from.toInstant().plusSeconds(lease.getSpec().getLeaseDurationSeconds());
    }

    /** @return the created Lease, or {@code null} when the name exists */
    private Lease createIfAbsent(Lease wanted) {
        try {
            return client.leases().inNamespace(namespace).resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return null;
            }
            throw e;
        }
    }

    /** @return the replaced Lease, or {@code null} when its resourceVersion moved on (someone else wrote it) */
    private Lease replace(Lease wanted) {
        try {
            return client.leases().inNamespace(namespace).resource(wanted).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static String name(Lease lease) {
        return lease.getMetadata().getName();
    }

    /** Any failure to reach or use the API is transient for the sender: it retries on our 503. */
    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw new Unavailable("cannot %s the alert records (Leases in namespace %s): %s; Alertmanager will retry"
                    .formatted(what, namespace, Failures.describe(e)), e);
        }
    }
}
