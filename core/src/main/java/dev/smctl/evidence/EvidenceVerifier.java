package dev.smctl.evidence;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Re-reads every file of a bundle against its manifest: modified, missing and unlisted files are all reported. */
public final class EvidenceVerifier {
    /** @param problems one line per file that does not verify; empty when the bundle is intact */
    public record Result(int files, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private EvidenceVerifier() {
    }

    public static Result verify(Path directory) throws IOException {
        Path manifest = directory.resolve(EvidenceBundle.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidRequest("%s has no %s: it is not an evidence bundle".formatted(Names.quote(directory.toString()), EvidenceBundle.MANIFEST));
        }
        List<String> problems = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        for (String line : lines) {
            int split = line.indexOf("  ");
            if (split != 64) {
                problems.add("manifest line is malformed: " + Names.quote(line));
                continue;
            }
            String expected = line.substring(0, split);
            String relative = line.substring(split + 2);
            listed.add(relative);
            Path file = directory.resolve(relative).normalize();
            if (!file.startsWith(directory.normalize()) || !Files.isRegularFile(file)) {
                problems.add(relative + ": missing");
                continue;
            }
            String actual = sha256(file);
            if (!actual.equals(expected)) {
                problems.add("%s: modified (SHA-256 %s, manifest says %s)".formatted(relative, actual.substring(0, 16), expected.substring(0, 16)));
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(Files::isRegularFile).map(p -> directory.relativize(p).toString())
                    .filter(p -> !p.equals(EvidenceBundle.MANIFEST) && !listed.contains(p))
                    .forEach(p -> problems.add(p + ": not in the manifest (added after the capture)"));
        }
        return new Result(lines.size(), problems);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
