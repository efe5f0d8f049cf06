package dev.smctl.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks an audit log against its chain and its head: any edit, deletion, insertion, reordering or truncation
 * is reported with the first record that shows it. Tamper-evident, not tamper-proof: whoever can rewrite the
 * log, the whole chain and the head can forge it, so compare the last hash with a copy kept elsewhere (the
 * build log prints it).
 */
public final class AuditVerifier {
    private AuditVerifier() {
    }

    public static AuditVerification verify(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("audit log " + file + " does not exist");
        }
        byte[] content = Files.readAllBytes(file);
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            long cut = text.chars().filter(c -> c == '\n').count() + 1;
            return AuditVerification.broken(cut, cut, "record %d is incomplete: the file was cut in the middle of it".formatted(cut));
        }
        String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
        String previousHash = AuditChain.GENESIS;
        for (int i = 0; i < lines.length; i++) {
            long number = i + 1;
            JsonNode record;
            try {
                record = AuditChain.MAPPER.readTree(lines[i]);
            } catch (IOException e) {
                return AuditVerification.broken(number, number, "record %d is not valid JSON (edited by hand?)".formatted(number));
            }
            long seq = record.path("seq").asLong(-1);
            if (seq != number) {
                String what = seq > number ? "record(s) %d..%d were deleted before it".formatted(number, seq - 1)
                        : "a record was inserted or the records were reordered";
                return AuditVerification.broken(number, number, "line %d holds record seq %d: %s".formatted(number, seq, what));
            }
            if (!previousHash.equals(record.path("prev").asText())) {
                return number == 1
                        ? AuditVerification.broken(number, 1, "record 1 does not start the chain: records were removed from the start")
                        : AuditVerification.broken(number, number - 1,
                        "record %d was altered: its hash no longer matches the prev that record %d carries".formatted(number - 1, number));
            }
            previousHash = AuditChain.sha256(lines[i]);
        }
        Optional<AuditChain.Head> head = AuditChain.readHead(AuditChain.headOf(file));
        long count = lines.length;
        if (head.isEmpty()) {
            return AuditVerification.broken(count, count + 1, "head file %s is missing, so records cut from the end cannot be ruled out"
                    .formatted(AuditChain.headOf(file).getFileName()));
        }
        if (head.get().records() > count) {
            return AuditVerification.broken(count, count + 1, "the log was truncated: it holds %d records but its head says %d"
                    .formatted(count, head.get().records()));
        }
        if (head.get().records() < count) {
            return AuditVerification.broken(count, head.get().records() + 1, "records after %d were appended without updating the head"
                    .formatted(head.get().records()));
        }
        if (!head.get().last().equals(previousHash)) {
            return AuditVerification.broken(count, count, "record %d (the last) was altered: its hash differs from the head's".formatted(count));
        }
        if (head.get().bytes() != content.length) {
            return AuditVerification.broken(count, count, "the file's size differs from the head's");
        }
        return AuditVerification.intact(count, previousHash);
    }
}
