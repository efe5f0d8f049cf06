package dev.smctl.k8s;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Target;
import dev.smctl.engine.TargetLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The per-target lock, held in the cluster as a {@code coordination.k8s.io/v1} Lease in the target's namespace,
 * so that two Jenkins controllers, a restarted one and a break-glass {@code smctl} all see it. The lease is
 * renewed while held and expires on its own if its holder dies, so a crash never leaves a lock forever.
 */
public final class LeaseLock implements TargetLock {
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "smctl";

    private final KubernetesClient client;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param ttl how long a lease outlives a holder that stopped renewing it; renewed every third of it
     */
    public LeaseLock(KubernetesClient client, Duration ttl, Clock clock) {
        if (ttl.toSeconds() < 3) {
            throw new IllegalArgumentException("lease duration must be at least 3 s, not " + ttl);
        }
        this.client = client;
        this.ttl = ttl;
        this.clock = clock;
    }

    public LeaseLock(KubernetesClient client) {
        this(client, Duration.ofSeconds(60), Clock.systemUTC());
    }

    /** {@code smctl-lock-deployment-backend}; hashed when the target's name would make it too long. */
    public static String leaseName(Target target) {
        String name = "smctl-lock-" + target.kind() + "-" + target.name();
        if (name.length() <= 253) {
            return name;
        }
        return "smctl-lock-" + target.kind() + "-" + Sha256.hex(target.name()).substring(0, 40);
    }

    @Override
    public Held acquire(Target target, String holder, Progress progress) {
        Instant now = clock.instant();
        Lease wanted = new LeaseBuilder()
                .withNewMetadata()
                .withName(leaseName(target))
                .withNamespace(target.namespace())
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .addToAnnotations("smctl.dev/target", target.toString())
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds((int) ttl.toSeconds())
                .withAcquireTime(microTime(now))
                .withRenewTime(microTime(now))
                .withLeaseTransitions(0)
                .endSpec()
                .build();
        try {
            return new HeldLease(target, holder, client.leases().inNamespace(target.namespace()).resource(wanted).create(), progress);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new InvalidRequest("namespace %s does not exist in this cluster; check -n and --context".formatted(target.namespace()));
            }
            if (e.getCode() != 409) {
                throw e;
            }
        }
        return takeOverIfExpired(target, holder, now, progress);
    }

    private Held takeOverIfExpired(Target target, String holder, Instant now, Progress progress) {
        Lease current = client.leases().inNamespace(target.namespace()).withName(leaseName(target)).get();
        if (current == null) {
            throw new Refused("the lock on %s was released while we asked for it; run again".formatted(target));
        }
        Instant expires = expiry(current);
        String currentHolder = current.getSpec().getHolderIdentity();
        if (currentHolder != null && expires.isAfter(now)) {
            throw new Refused("%s is locked by %s since %s (renewed until %s); wait for that run to finish, or if it is dead, remove the lock with 'kubectl delete lease %s -n %s'"
                    .formatted(target, currentHolder, current.getSpec().getAcquireTime(), expires,
                            leaseName(target), target.namespace()));
        }
        current.getSpec().setHolderIdentity(holder);
        current.getSpec().setAcquireTime(microTime(now));
        current.getSpec().setRenewTime(microTime(now));
        current.getSpec().setLeaseDurationSeconds((int) ttl.toSeconds());
        current.getSpec().setLeaseTransitions(Objects.requireNonNullElse(current.getSpec().getLeaseTransitions(), 0) + 1);
        try {
            Lease taken = client.leases().inNamespace(target.namespace()).resource(current).update();
            progress.report("lock", "took over the expired lock of %s on %s".formatted(currentHolder, target));
            return new HeldLease(target, holder, taken, progress);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new Refused("another run took the expired lock on %s at the same moment; wait for it to finish".formatted(target));
            }
            throw e;
        }
    }

    private Instant expiry(Lease lease) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime() : lease.getSpec().getAcquireTime();
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        if (renewed == null || seconds == null) {
            return Instant.EPOCH;
        }
        return renewed.toInstant().plusSeconds(seconds);
    }

    static ZonedDateTime microTime(Instant instant) {
        return instant.atZone(ZoneOffset.UTC);
    }

    /** A lease we hold: renewed in the background, deleted on close if it is still ours. */
    private final class HeldLease implements Held {
        private final Target target;
        private final String holder;
        private final Progress progress;
        private final ScheduledExecutorService renewer;
        private volatile boolean lost;
        private volatile Instant lastRenewed = clock.instant();

        HeldLease(Target target, String holder, Lease lease, Progress progress) {
            this.target = target;
            this.holder = holder;
            this.progress = progress;
            this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "lease-renewer " + leaseName(target));
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(1, ttl.toMillis() / 3);
            renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
            progress.report("lock", "locked %s (lease %s/%s, renewed every %d s)".formatted(target, target.namespace(),
                    lease.getMetadata().getName(), period / 1000));
        }

        private void renew() {
            try {
                Lease current = client.leases().inNamespace(target.namespace()).withName(leaseName(target)).get();
                if (current == null || !holder.equals(current.getSpec().getHolderIdentity())) {
                    lost = true;
                    progress.report("lock", "lost the lock on %s: it was deleted or taken over".formatted(target));
                    renewer.shutdown();
                    return;
                }
                current.getSpec().setRenewTime(microTime(clock.instant()));
                client.leases().inNamespace(target.namespace()).resource(current).update();
                lastRenewed = clock.instant();
            } catch (RuntimeException e) {
                // A missed renewal is retried at the next period; the lease outlives two misses. Anything escaping
                // here would cancel the schedule silently, so nothing does.
                progress.report("lock", "could not renew the lock on %s (%s); retrying".formatted(target, e.getMessage()));
            }
        }

        @Override
        public boolean stillHeld() {
            return !lost && lastRenewed.plus(ttl).isAfter(clock.instant());
        }

        @Override
        public void close() {
            renewer.shutdown();
            try {
                // A renewal already running would change the resourceVersion under the delete below.
                renewer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Lease current = client.leases().inNamespace(target.namespace()).withName(leaseName(target)).get();
                if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                    client.leases().inNamespace(target.namespace()).withName(leaseName(target))
                            .lockResourceVersion(current.getMetadata().getResourceVersion()).delete();
                    progress.report("lock", "released " + target);
                }
            } catch (KubernetesClientException e) {
                progress.report("lock", "could not release the lock on %s (%s); it expires by itself within %d s"
                        .formatted(target, e.getMessage(), ttl.toSeconds()));
            }
        }
    }
}
