package dev.smctl.db;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Durations;
import dev.smctl.engine.FailedSafely;
import dev.smctl.engine.Failures;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Unavailable;
import dev.smctl.engine.Verification;
import dev.smctl.storage.Backup;
import dev.smctl.storage.BackupSink;
import dev.smctl.storage.BackupStore;
import dev.smctl.storage.Transfer;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * P2-01: a backup now. {@code pg_dump -Fc} streamed straight into the backup store (never to local disk, constant
 * memory), its SHA-256 stored beside it; verified by reading it back through the catalogue. Reports the RPO: how
 * old the newest backup was before this one, against the runbook's 5 minutes.
 */
public final class BackupNow implements Action<BackupNow.BackupPlan> {
    public static final Duration RPO = Duration.ofMinutes(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public record BackupPlan(String summary, String name, Optional<Backup> newest, List<Change> changes, Map<String, Object> before,
                             Optional<String> skipReason, String undo) implements Plan {
    }

    private final DatabaseAccess access;
    private final Target target;
    private final BackupStore catalogue;
    private final BackupSink sink;
    private final Duration timeout;
    private final Clock clock;
    private final String name;

    public BackupNow(DatabaseAccess access, String namespace, BackupStore catalogue, BackupSink sink, Duration timeout, Clock clock) {
        this.access = access;
        this.target = new Target("database", namespace, access.database());
        this.catalogue = catalogue;
        this.sink = sink;
        this.timeout = timeout;
        this.clock = clock;
        this.name = access.database() + "-" + STAMP.format(clock.instant()) + ".dump";
    }

    @Override
    public String name() {
        return "db-backup";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("database", access.toString(), "to", sink.describe());
    }

    @Override
    public BackupPlan plan() {
        Optional<Backup> newest;
        try {
            newest = catalogue.list().stream().filter(b -> b.id().startsWith(access.database() + "-")).findFirst();
        } catch (IOException e) {
            throw new Unavailable("cannot list backups in %s: %s".formatted(catalogue.describe(), e.getMessage()), e);
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("newestBackup", newest.map(Backup::id).orElse("none"));
        newest.ifPresent(b -> before.put("rpo", rpo(b)));
        return new BackupPlan("dump %s with pg_dump -Fc into %s%s".formatted(access.database(), sink.describe(), name), name, newest,
                List.of(new Change("/backups/" + name, null, "pg_dump -Fc of " + access.database() + " with its .sha256")), before,
                Optional.empty(), "nothing to undo: a backup only adds an object");
    }

    private String rpo(Backup newest) {
        Duration age = Duration.between(newest.taken(), clock.instant());
        return "the newest backup was %s old (RPO target %s%s)".formatted(Durations.format(age), Durations.format(RPO),
                age.compareTo(RPO) > 0 ? ": RPO MISSED" : "");
    }

    @Override
    public Map<String, Object> execute(BackupPlan plan, Progress progress) {
        Backup stored;
        try (PgDump dump = PgDump.start(access, timeout)) {
            Transfer.Meter meter = dump.meter(progress, "dumping %s into %s%s".formatted(access.database(), sink.describe(), plan.name()));
            stored = sink.write(plan.name(), dump.output(), meter);
            meter.finish();
        } catch (Refused e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FailedSafely("the backup of %s did not finish (%s); no partial backup was kept".formatted(access.database(), Failures.describe(e)));
        }
        return Map.of("backup", stored.id(), "size", stored.size(), "sha256", stored.sha256(), "location", stored.location());
    }

    @Override
    public Verification verify(BackupPlan plan, Progress progress) {
        try {
            Optional<Backup> listed = catalogue.list().stream().filter(b -> b.id().equals(plan.name())).findFirst();
            if (listed.isEmpty() || listed.get().sha256() == null) {
                return Verification.failed("backup %s is not listed with its checksum in %s".formatted(plan.name(), catalogue.describe()), Map.of());
            }
            String rpo = plan.newest().map(this::rpo).orElse("there was no earlier backup");
            return Verification.passed("backup %s stored (%s, sha256 %s); before it, %s".formatted(plan.name(), Transfer.bytes(listed.get().size()),
                    listed.get().sha256().substring(0, 16), rpo), Map.of("backup", plan.name(), "sha256", listed.get().sha256()));
        } catch (IOException e) {
            throw new Unavailable("cannot read back the backup list: " + e.getMessage(), e);
        }
    }
}
