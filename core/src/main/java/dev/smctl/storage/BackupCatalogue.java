package dev.smctl.storage;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Refused;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Choosing a backup: {@code latest}, an exact id, or the newest taken before a time (before the corruption). */
public final class BackupCatalogue {
    private static final Pattern STAMP = Pattern.compile("(\\d{8}T\\d{6})Z");
    private static final DateTimeFormatter STAMP_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private BackupCatalogue() {
    }

    /** The time a backup's name carries ({@code ...-20261128T030000Z...}), if any. */
    public static Optional<Instant> timeInName(String name) {
        Matcher stamp = STAMP.matcher(name);
        if (!stamp.find()) {
            return Optional.empty();
        }
        return Optional.of(LocalDateTime.parse(stamp.group(1), STAMP_FORMAT).toInstant(ZoneOffset.UTC));
    }

    static boolean isBackup(String name) {
        return name.endsWith(".dump") || name.endsWith(".sql") || name.endsWith(".sql.gz") || name.endsWith(".backup");
    }

    public static List<Backup> newestFirst(List<Backup> backups) {
        return backups.stream().sorted(Comparator.comparing(Backup::taken).reversed().thenComparing(Backup::id)).toList();
    }

    /**
     * @param id {@code latest} or an exact backup id; ignored when {@code before} is given
     * @param before pick the newest backup taken strictly before this time, or {@code null}
     */
    public static Backup choose(List<Backup> backups, String id, Instant before, String where) {
        List<Backup> sorted = newestFirst(backups);
        if (sorted.isEmpty()) {
            throw new Refused("no backups in %s: nothing to restore from; check --bucket and --prefix (or --from-dir) with 'smctl db backups'".formatted(where));
        }
        if (before != null) {
            return sorted.stream().filter(b -> b.taken().isBefore(before)).findFirst()
                    .orElseThrow(() -> new Refused("no backup in %s was taken before %s; the oldest is %s (%s)"
                            .formatted(where, before, sorted.get(sorted.size() - 1).id(), sorted.get(sorted.size() - 1).taken())));
        }
        if (id == null || id.equals("latest")) {
            return sorted.get(0);
        }
        return sorted.stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new InvalidRequest("backup %s is not in %s; see 'smctl db backups'".formatted(Names.quote(id), where)));
    }
}
