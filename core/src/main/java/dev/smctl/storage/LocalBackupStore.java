package dev.smctl.storage;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Backups in a local directory (or a single file), with {@code NAME.sha256} sidecars as {@code sha256sum} writes them. */
public final class LocalBackupStore implements BackupStore {
    private final Path location;

    public LocalBackupStore(Path location) {
        if (!Files.exists(location)) {
            throw new InvalidRequest("backup path %s does not exist".formatted(Names.quote(location.toString())));
        }
        this.location = location;
    }

    @Override
    public List<Backup> list() throws IOException {
        List<Path> files;
        if (Files.isDirectory(location)) {
            try (Stream<Path> entries = Files.list(location)) {
                files = entries.filter(Files::isRegularFile).toList();
            }
        } else {
            files = List.of(location);
        }
        List<Backup> backups = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!BackupCatalogue.isBackup(name)) {
                continue;
            }
            Path sidecar = file.resolveSibling(name + ".sha256");
            String checksum = Files.exists(sidecar) ? Files.readString(sidecar, StandardCharsets.UTF_8).strip().split("\\s+")[0].toLowerCase(Locale.ROOT) : null;
            backups.add(new Backup(name, file.toAbsolutePath().toString(),
                    BackupCatalogue.timeInName(name).orElse(Files.getLastModifiedTime(file).toInstant()), Files.size(file), checksum,
                    Backup.Format.of(name)));
        }
        return BackupCatalogue.newestFirst(backups);
    }

    @Override
    public String fetch(Backup backup, Path file, Transfer.Meter meter) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(backup.location())); OutputStream out = Files.newOutputStream(file)) {
            return Transfer.copy(in, out, Sha256.digest(), meter);
        }
    }

    @Override
    public String describe() {
        return location.toString();
    }
}
