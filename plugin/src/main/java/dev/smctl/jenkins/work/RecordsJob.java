package dev.smctl.jenkins.work;

import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.evidence.EvidenceBundle;
import dev.smctl.report.IncidentReport;
import dev.smctl.runbook.Postmortem;
import dev.smctl.runbook.RunbookLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code smWriteRecords} leaves in the workspace for {@code archiveArtifacts}: copies of the build's audit log
 * and its head file, the post-mortem draft and the incident report, both drawn from those copies. It runs on the
 * agent that holds the workspace, because the report re-checks the evidence bundle captured there
 * ({@code smCaptureForensics}), which never travels to the controller.
 *
 * @param runbook the runbook the build ran, which titles the post-mortem
 * @param log the build's audit log as it was read on the controller
 * @param head its head file, without which a cut from the end of the log cannot be detected
 */
public record RecordsJob(String runbook, byte[] log, byte[] head) implements WorkspaceJob<LinkedHashMap<String, Object>> {
    /** Where the files go, relative to the workspace; the forensics step writes its bundles beside them. */
    static final String DIRECTORY = "smctl";
    /** How the forensics step names its bundles: this prefix, then the UTC time, so that names sort by time. */
    static final String EVIDENCE_PREFIX = "evidence-";

    /**
     * @throws InvalidRequest for a runbook that does not exist, or when the build has no audit log yet: nothing was
     *                        recorded, so there is nothing to keep
     */
    public static RecordsJob of(String runbook, AuditLog buildLog) {
        String id = RunbookLoader.find(Arguments.required(runbook, "runbook")).id();
        if (!Files.exists(buildLog.file())) {
            throw new InvalidRequest("this build has no audit records yet (no sm* step has finished in it): there is nothing to write");
        }
        try {
            return new RecordsJob(id, Files.readAllBytes(buildLog.file()),
                    Files.exists(buildLog.headFile()) ? Files.readAllBytes(buildLog.headFile()) : new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's audit log " + buildLog.file() + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code auditVerified} (the copied chain verifies) and {@code files}, relative to the workspace */
    @Override
    public LinkedHashMap<String, Object> run(Path workspace, PrintStream out) {
        try {
            Path directory = Files.createDirectories(workspace.resolve(DIRECTORY));
            Path copy = Files.write(directory.resolve("audit.jsonl"), log);
            Path headCopy = Files.write(directory.resolve("audit.jsonl.head"), head);
            // The build's log holds this build's records only, so the draft takes them all.
            Path postmortem = Files.writeString(directory.resolve("postmortem.md"), Postmortem.draftFor(copy, runbook), StandardCharsets.UTF_8);
            Optional<Path> evidence = newestEvidence(directory);
            Path report = Files.writeString(directory.resolve("report.html"), IncidentReport.render(copy, evidence.orElse(null)),
                    StandardCharsets.UTF_8);
            boolean verified = AuditVerifier.verify(copy).intact();
            List<String> files = new ArrayList<>();
            for (Path file : List.of(copy, headCopy, postmortem, report)) {
                files.add(workspace.relativize(file).toString());
            }
            LinkedHashMap<String, Object> result = new LinkedHashMap<>();
            result.put("auditVerified", verified);
            result.put("files", files);
            new MaskedLog(out, "smWriteRecords", Set.of()).line("wrote %s; the audit chain %s%s".formatted(String.join(", ", files),
                    verified ? "verifies" : "does NOT verify: see the warning at the top of report.html",
                    evidence.map(e -> "; evidence listed from " + workspace.relativize(e)).orElse("")));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build's records into " + workspace.resolve(DIRECTORY) + ": " + e.getMessage(), e);
        }
    }

    /** The newest sealed bundle {@code smCaptureForensics} left here (their names sort by time), if any. */
    static Optional<Path> newestEvidence(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(EVIDENCE_PREFIX) && Files.exists(p.resolve(EvidenceBundle.MANIFEST)))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
