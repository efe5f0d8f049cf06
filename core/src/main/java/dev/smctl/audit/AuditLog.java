package dev.smctl.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Change;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Names;
import dev.smctl.engine.Recorder;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Refused;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The audit trail: append-only JSON Lines, one record per run, hash-chained. Each record carries the SHA-256
 * of the previous record's line in {@code prev}; the first carries {@link AuditChain#GENESIS}. A head file
 * beside the log ({@code FILE.head}) holds the count, size and last hash, so a cut from the end is detected
 * too. Appends from several processes are serialised by a file lock.
 */
public final class AuditLog implements Recorder {
    private static final ConcurrentMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final ObjectMapper mapper = AuditChain.MAPPER;

    public AuditLog(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    public Path headFile() {
        return AuditChain.headOf(file);
    }

    @Override
    public void checkWritable() {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) > 0) {
                synchronized (IN_PROCESS.computeIfAbsent(canonical(file), path -> new Object())) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                         FileLock ignored = channel.lock()) {
                        settledHead(channel);
                    }
                }
            }
        } catch (IOException e) {
            throw new Refused("audit log %s cannot be written (%s); pass --audit-log with a writable path".formatted(file, e.getMessage()));
        }
    }

    @Override
    public String record(ActionResult result, Invocation invocation, Map<String, String> parameters) {
        ObjectNode record = mapper.createObjectNode();
        record.put("time", result.started().toString());
        record.put("durationMs", result.duration().toMillis());
        record.put("runId", result.runId());
        record.set("actor", actor(invocation.actor()));
        record.put("via", invocation.via());
        record.put("reason", Redaction.text(invocation.reason()));
        record.put("action", result.action());
        ObjectNode target = record.putObject("target");
        target.put("kind", result.target().kind());
        target.put("namespace", result.target().namespace());
        target.put("name", result.target().name());
        record.set("parameters", mapper.valueToTree(Redaction.parameters(parameters)));
        record.put("dryRun", result.dryRun());
        ObjectNode plan = record.putObject("plan");
        plan.put("summary", Redaction.text(result.summary()));
        ArrayNode changes = plan.putArray("changes");
        for (Change change : result.changes()) {
            ObjectNode node = changes.addObject();
            node.put("path", change.path());
            node.set("before", Redaction.tree(mapper.valueToTree(change.before())));
            node.set("after", Redaction.tree(mapper.valueToTree(change.after())));
        }
        record.set("before", Redaction.tree(mapper.valueToTree(result.before())));
        record.set("after", Redaction.tree(mapper.valueToTree(result.after())));
        record.put("outcome", result.status().label());
        record.put("invalidRequest", result.invalidRequest());
        record.put("message", Redaction.text(result.message()));
        record.put("undo", Redaction.text(result.undo()));
        return append(record);
    }

    /** How every record names who asked: {@code {"type":"user","name":...}} or an alert with its fingerprint. */
    public static ObjectNode actor(Actor actor) {
        ObjectNode node = AuditChain.MAPPER.createObjectNode();
        node.put("type", actor.type().name().toLowerCase(Locale.ROOT));
        node.put("name", actor.name());
        if (actor.fingerprint() != null) {
            node.put("fingerprint", actor.fingerprint());
        }
        return node;
    }

    /** An empty record body for {@link #append}; callers fill in time, runId, actor, action, target, outcome, message. */
    public static ObjectNode newRecord() {
        return AuditChain.MAPPER.createObjectNode();
    }

    /**
     * Appends a record body, adding {@code seq} and {@code prev} in front.
     *
     * @return the new record's SHA-256, its id
     */
    public String append(ObjectNode body) {
        return append(List.of(body)).get(0);
    }

    /**
     * Appends several record bodies in order, under one lock and one fsync (a group commit: a busy receiver pays
     * one disk flush for all the records that queued up meanwhile). They are chained exactly as one by one.
     *
     * @return the new records' ids, in order
     */
    public List<String> append(List<ObjectNode> bodies) {
        // A FileLock excludes other processes only; threads of this one queue on the path's monitor first.
        synchronized (IN_PROCESS.computeIfAbsent(canonical(file), path -> new Object())) {
            return appendLocked(bodies);
        }
    }

    /** One monitor per file, however its path is spelled (a symlinked directory, "..", ...). */
    private static Path canonical(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return file.normalize();
        }
    }

    private List<String> appendLocked(List<ObjectNode> bodies) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                long size = channel.size();
                Optional<AuditChain.Head> head = settledHead(channel);
                long seq = head.map(AuditChain.Head::records).orElse(0L);
                String prev = head.map(AuditChain.Head::last).orElse(AuditChain.GENESIS);
                StringBuilder lines = new StringBuilder();
                List<String> ids = new ArrayList<>(bodies.size());
                for (ObjectNode body : bodies) {
                    ObjectNode record = mapper.createObjectNode();
                    record.put("seq", ++seq);
                    record.put("prev", prev);
                    record.setAll(body);
                    String line = mapper.writeValueAsString(record);
                    lines.append(line).append('\n');
                    prev = AuditChain.sha256(line);
                    ids.add(prev);
                }
                byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                long position = size;
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                channel.force(true);
                writeHead(new AuditChain.Head(seq, size + bytes.length, prev));
                return ids;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The head, once it agrees with the file. One disagreement is repaired: a process that died after writing its
     * records and before moving the head leaves complete lines that chain onto the head one after the other (one
     * line, or several from a group commit); the chain itself proves they belong, so the head is moved on. Anything
     * else is refused: only a person may decide what an edited or truncated audit log means. Called with the file
     * lock held.
     */
    private Optional<AuditChain.Head> settledHead(FileChannel channel) throws IOException {
        long size = channel.size();
        Optional<AuditChain.Head> head = AuditChain.readHead(headFile());
        long known = head.map(AuditChain.Head::bytes).orElse(0L);
        if (size == known) {
            return head;
        }
        if (size > known && size - known < 16 * 1024 * 1024) {
            ByteBuffer tail = ByteBuffer.allocate((int) (size - known));
            while (tail.hasRemaining() && channel.read(tail, known + tail.position()) >= 0) {
                // read the bytes written after the head's last record
            }
            String text = new String(tail.array(), StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                long seq = head.map(AuditChain.Head::records).orElse(0L);
                String prev = head.map(AuditChain.Head::last).orElse(AuditChain.GENESIS);
                boolean chained = true;
                for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
                    JsonNode record = parseQuietlyOrNull(line);
                    chained &= record != null && record.path("seq").asLong() == ++seq && prev.equals(record.path("prev").asText());
                    prev = AuditChain.sha256(line);
                }
                if (chained) {
                    AuditChain.Head repaired = new AuditChain.Head(seq, size, prev);
                    writeHead(repaired);
                    return Optional.of(repaired);
                }
            }
        }
        throw new Refused(("audit log %s does not match its head file %s (edited, truncated or copied without it); "
                + "run 'smctl audit verify %s', and to act now pass --audit-log with a new file").formatted(file, headFile().getFileName(), file));
    }

    private static JsonNode parseQuietlyOrNull(String line) {
        try {
            return parse(line);
        } catch (IOException e) {
            return null;
        }
    }

    private void writeHead(AuditChain.Head head) throws IOException {
        Path temp = headFile().resolveSibling(headFile().getFileName() + ".tmp");
        Files.writeString(temp, mapper.writeValueAsString(head) + "\n", StandardCharsets.UTF_8);
        Files.move(temp, headFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One record line as a tree. */
    public static JsonNode parse(String line) throws IOException {
        return AuditChain.MAPPER.readTree(line);
    }

    /** For literals known to be valid JSON. */
    public static JsonNode parseQuietly(String json) {
        try {
            return parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Reads the records back (for the demo's timeline and for reports). */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                records.add(AuditChain.MAPPER.readTree(line));
            }
        }
        return records;
    }

    @Override
    public String toString() {
        return "audit log " + Names.quote(file.toString());
    }
}
