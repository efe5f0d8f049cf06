package dev.smctl.storage;

import dev.smctl.engine.Refused;
import dev.smctl.engine.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/** Backups written to a local directory: to a temporary name first, renamed only once complete. */
public final class LocalBackupSink implements BackupSink {
    private final Path directory;

    public LocalBackupSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public Backup write(String name, InputStream content, Transfer.Meter meter) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(name);
        if (Files.exists(target)) {
            throw new Refused(target + " already exists; backups are never overwritten");
        }
        Path partial = directory.resolve(name + ".partial");
        String sha256;
        try (OutputStream out = Files.newOutputStream(partial)) {
            sha256 = Transfer.copy(content, out, Sha256.digest(), meter);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(directory.resolve(name + ".sha256"), sha256 + "  " + name + "\n");
        return new Backup(name, target.toString(), BackupCatalogue.timeInName(name).orElse(Instant.now()), Files.size(target), sha256,
                Backup.Format.of(name));
    }

    @Override
    public String describe() {
        return directory + "/";
    }
}
