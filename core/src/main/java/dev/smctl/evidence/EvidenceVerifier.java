package dev.smctl.evidence;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Sha256;
import dev.smctl.storage.Transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-reads every file of a bundle against its manifest, streamed (constant memory, wherever the bundle is):
 * modified, missing and unlisted files are all reported.
 */
public final class EvidenceVerifier {
    /** @param problems one line per file that does not verify; empty when the bundle is intact */
    public record Result(int files, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private EvidenceVerifier() {
    }

    public static Result verify(Path directory) throws IOException {
        return verify(new DirectoryBundle(directory), Progress.NONE);
    }

    /** @throws InvalidRequest when there is no manifest: whatever is there is not a (complete) evidence bundle */
    public static Result verify(BundleLocation bundle, Progress progress) throws IOException {
        Map<String, Long> present = bundle.files();
        if (!present.containsKey(EvidenceBundle.MANIFEST)) {
            throw new InvalidRequest("%s has no %s: it is not an evidence bundle, or its capture or upload did not finish"
                    .formatted(Names.quote(bundle.describe()), EvidenceBundle.MANIFEST));
        }
        List<String> lines;
        try (InputStream manifest = bundle.open(EvidenceBundle.MANIFEST)) {
            lines = new String(manifest.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> problems = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        long total = lines.stream().map(EvidenceVerifier::pathOf).filter(p -> p != null).mapToLong(p -> present.getOrDefault(p, 0L)).sum();
        Transfer.Meter meter = Transfer.Meter.of(progress, "verifying " + bundle.describe(), total);
        for (String line : lines) {
            String relative = pathOf(line);
            if (relative == null) {
                problems.add("manifest line is malformed: " + Names.quote(line));
                continue;
            }
            listed.add(relative);
            String expected = line.substring(0, 64);
            String actual;
            try (InputStream in = bundle.open(relative)) {
                actual = Transfer.copy(in, OutputStream.nullOutputStream(), Sha256.digest(), meter);
            } catch (NoSuchFileException e) {
                problems.add(relative + ": missing");
                continue;
            }
            if (!actual.equals(expected)) {
                problems.add("%s: modified (SHA-256 %s, manifest says %s)".formatted(relative, actual.substring(0, 16), expected.substring(0, 16)));
            }
        }
        meter.finish();
        present.keySet().stream().filter(p -> !p.equals(EvidenceBundle.MANIFEST) && !listed.contains(p))
                .forEach(p -> problems.add(p + ": not in the manifest (added after the capture)"));
        return new Result(lines.size(), problems);
    }

    /** The path a manifest line names ({@code sha256sum} format: 64 hex digits, two spaces, the path), or null. */
    private static String pathOf(String line) {
        return line.length() > 66 && line.indexOf("  ") == 64 ? line.substring(66) : null;
    }
}
