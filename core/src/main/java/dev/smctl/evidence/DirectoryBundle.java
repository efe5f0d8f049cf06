package dev.smctl.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A bundle in a local directory, as {@link EvidenceBundle} writes it. Paths never leave the directory. */
public final class DirectoryBundle implements BundleLocation {
    private final Path directory;

    public DirectoryBundle(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    @Override
    public Map<String, Long> files() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString(), Files.size(file));
            }
        }
        return files;
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path file = directory.resolve(path).normalize();
        if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
            throw new NoSuchFileException(path);
        }
        return Files.newInputStream(file);
    }
}
