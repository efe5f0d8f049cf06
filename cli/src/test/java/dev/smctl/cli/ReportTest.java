package dev.smctl.cli;

import dev.smctl.audit.AuditLog;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Change;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.evidence.EvidenceBundle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports rendered from real demo runs, checked by structure and in a real headless Chromium. */
class ReportTest {
    private static final Pattern BAR = Pattern.compile("<rect class=\"bar (\\w+)[^\"]*\" data-seq=\"(\\d+)\" x=\"([0-9.]+)\"");

    @TempDir
    static Path shared;
    static Path demoLog;

    @TempDir
    Path dir;

    @BeforeAll
    static void runTheDemo() throws Exception {
        CliRun demo = CliRun.of("demo", "p0-02", "--out", shared.toString());
        assertThat(demo.exitCode()).as(demo.all()).isZero();
        try (Stream<Path> files = Files.walk(shared)) {
            demoLog = files.filter(p -> p.getFileName().toString().equals("audit.jsonl")).findFirst().orElseThrow();
        }
    }

    String report(Path log, Path evidence) throws Exception {
        Path html = dir.resolve("report.html");
        List<String> args = new ArrayList<>(List.of("report", log.toString(), "-o", html.toString()));
        if (evidence != null) {
            args.addAll(List.of("--evidence", evidence.toString()));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.all()).isZero();
        return Files.readString(html, StandardCharsets.UTF_8);
    }

    @Test
    void drawsOneBarPerRecordInOrderWithTheDiffAndTheChainVerdict() throws Exception {
        String html = report(demoLog, null);

        List<Double> xs = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        Matcher bar = BAR.matcher(html);
        while (bar.find()) {
            assertThat(bar.group(1)).isIn("succeeded", "approved");
            seqs.add(Long.parseLong(bar.group(2)));
            xs.add(Double.parseDouble(bar.group(3)));
        }
        // The scheduled backup, then runbook P0-02's steps and gates; its start, status-page posts and end are not bars.
        assertThat(seqs).containsExactly(1L, 4L, 6L, 7L, 8L, 9L, 10L, 12L);
        assertThat(xs).isSorted();
        assertThat(html).contains("Audit chain intact: 14 records").contains("<h2>Status page</h2>")
                .contains("<th>Runbook</th><td>P0-02, definition version 1, run ").contains("<th>Started by</th><td>demo-oncall</td>")
                .contains("RTO 30m0s (met)").contains("Incident P0-02 report")
                .contains("<del>off</del>").contains("<ins>on</ins>").contains("renamed to securemessenger_corrupt_")
                .contains("files, as the audit log recorded them. The files were not re-checked here")
                .containsPattern("database/securemessenger\\.dump</td><td>[0-9.]+ [KMG]?i?B</td><td><code>[0-9a-f]{64}</code></td></tr>")
                .doesNotContain("<script").doesNotContain("http://fonts").doesNotContain("src=\"http");
    }

    @Test
    void listsEvidenceWithChecksumsAndSaysWhenItNoLongerVerifies() throws Exception {
        EvidenceBundle bundle = new EvidenceBundle(dir.resolve("evidence"));
        bundle.add("logs/backend-1.log", "ERROR something\n");
        bundle.add("database/securemessenger.dump", "PGDMP");
        bundle.seal();

        assertThat(report(demoLog, dir.resolve("evidence"))).contains("All 2 files verify")
                .containsPattern("logs/backend-1\\.log</td><td>16 B</td><td><code>[0-9a-f]{64}</code></td><td>yes")
                .as("a bundle that verifies on its own but is not the one this run captured").contains("is not one this run recorded");
        Files.writeString(dir.resolve("evidence/logs/backend-1.log"), "nothing\n");
        assertThat(report(demoLog, dir.resolve("evidence"))).contains("does NOT verify").contains("logs/backend-1.log: modified");
    }

    @Test
    void theRunsOwnBundleIsMatchedToItsRecordedManifest() throws Exception {
        Path bundle;
        try (Stream<Path> files = Files.walk(shared)) {
            bundle = files.filter(p -> p.getFileName().toString().equals(EvidenceBundle.MANIFEST)).findFirst().orElseThrow().getParent();
        }

        assertThat(report(demoLog, bundle)).contains("files verify against").contains("Its manifest is the one the audit log recorded at")
                .doesNotContain("not one this run recorded");
    }

    @Test
    void aTamperedLogRendersAWarningNotACleanReport() throws Exception {
        Path copy = dir.resolve("audit.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(demoLog, StandardCharsets.UTF_8));
        lines.set(3, lines.get(3).replace("\"outcome\":\"succeeded\"", "\"outcome\":\"skipped\""));
        Files.write(copy, lines, StandardCharsets.UTF_8);
        Files.copy(demoLog.resolveSibling("audit.jsonl.head"), dir.resolve("audit.jsonl.head"));

        String html = report(copy, null);

        assertThat(html).contains("WARNING: this audit log has been tampered with").contains("TAMPERED at record 4")
                .doesNotContain("Audit chain intact").contains("untrusted");
    }

    @Test
    void showsAttackerControlledLabelsAsTextNeverAsMarkup() throws Exception {
        Path log = dir.resolve("alert.jsonl");
        String script = "<script>alert('pwned')</script>";
        ActionResult result = new ActionResult("run-1", "rollback", Target.deployment("production", "backend"), Status.SUCCEEDED, false, false,
                "rolled back after " + script, "roll back", List.of(new Change("/metadata/labels/x", "<b>old</b>", "<img src=x onerror=alert(1)>")),
                Map.of(), Map.of(), "", null, Instant.parse("2026-11-28T03:00:00Z"), Duration.ofSeconds(3));
        new AuditLog(log).record(result, new Invocation(Actor.alert(script, "abc123"), "P0-01 " + script, "alertmanager", false),
                Map.of("label", script));

        String html = report(log, null);

        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>old")
                .contains("alert &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; (fingerprint abc123)");
    }

    private static String dumpDom(List<String> flags, Path page, Path log) throws Exception {
        List<String> command = new ArrayList<>(flags);
        command.addAll(List.of("--dump-dom", page.toUri().toString()));
        Process chromium = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return dom;
    }

    @Test
    void rendersInHeadlessChromiumWithoutErrorsAndOneBarPerStep() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium),
                "Debian's chromium is not installed (.ci/run installs it: apt-get install chromium); the browser check is skipped");
        Path html = dir.resolve("report.html");
        Files.writeString(html, report(demoLog, null));
        List<String> flags = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile"),
                "--enable-logging=stderr", "--v=0", "--window-size=1200,1600");

        // Control: with these flags Chromium does report a page's console messages, so the check below can fail.
        Path control = dir.resolve("control.html");
        Files.writeString(control, "<html><body><script>console.error('control-message')</script></body></html>");
        dumpDom(flags, control, dir.resolve("control.log"));
        assertThat(Files.readString(dir.resolve("control.log"))).contains("CONSOLE").contains("control-message");

        String rendered = dumpDom(flags, html, dir.resolve("chromium.log"));

        Matcher bars = Pattern.compile("<rect class=\"bar ").matcher(rendered);
        int count = 0;
        while (bars.find()) {
            count++;
        }
        assertThat(count).as("bars in the DOM Chromium rendered").isEqualTo(8);
        assertThat(Files.readString(dir.resolve("chromium.log"))).as("console messages (the report has no script: any is a CSP violation or an error)")
                .doesNotContain("CONSOLE");

        List<String> shot = new ArrayList<>(flags);
        Path png = dir.resolve("report.png");
        shot.addAll(List.of("--screenshot=" + png, html.toUri().toString()));
        Process screenshot = new ProcessBuilder(shot).redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile()).start();
        assertThat(screenshot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(png).isNotEmptyFile();
        Files.copy(png, Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
