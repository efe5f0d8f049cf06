package dev.smctl.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.smctl.engine.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The rules of the chain, shared by the writer and the verifier. */
final class AuditChain {
    /** The {@code prev} of the first record. */
    static final String GENESIS = "0".repeat(64);
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private AuditChain() {
    }

    /**
     * What the head file says of the log.
     *
     * @param records number of records
     * @param bytes size of the log file
     * @param last SHA-256 of the last record's line
     */
    record Head(long records, long bytes, String last) {
    }

    static Path headOf(Path log) {
        return log.resolveSibling(log.getFileName() + ".head");
    }

    static Optional<Head> readHead(Path headFile) throws IOException {
        if (!Files.exists(headFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(Files.readString(headFile, StandardCharsets.UTF_8), Head.class));
        } catch (IOException e) {
            throw new IOException("head file " + headFile + " is not readable: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of a record's line (without its newline). */
    static String sha256(String line) {
        return Sha256.hex(line);
    }
}
