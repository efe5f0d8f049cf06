package dev.smctl.db;

import dev.smctl.TestDatabases;
import dev.smctl.engine.Progress;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.storage.Transfer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** pg_restore's progress: items from its --verbose lines against --list, bytes read from /proc against the archive's size. */
class RestoreProgressTest {
    static final Pattern PERCENT = Pattern.compile("\\((\\d+)%\\)");

    @TempDir
    Path dir;

    /** Lines pg_restore 15 printed for a two-table archive restored with -j2 (its ENCODING..DATABASE items are not in --list). */
    static final List<String> PARALLEL_RUN = List.of(
            "pg_restore: connecting to database for restore",
            "pg_restore: processing item 3362 ENCODING ENCODING",
            "pg_restore: processing item 3365 DATABASE src",
            "pg_restore: processing item 217 TABLE messages",
            "pg_restore: creating TABLE \"public.messages\"",
            "pg_restore: processing item 215 TABLE users",
            "pg_restore: creating TABLE \"public.users\"",
            "pg_restore: entering main parallel loop",
            "pg_restore: launching item 3359 TABLE DATA messages",
            "pg_restore: launching item 3357 TABLE DATA users",
            "pg_restore: finished item 3357 TABLE DATA users",
            "pg_restore: launching item 3209 CONSTRAINT users users_pkey",
            "pg_restore: finished item 3209 CONSTRAINT users users_pkey",
            "pg_restore: finished item 3359 TABLE DATA messages",
            "pg_restore: launching item 3212 CONSTRAINT messages messages_pkey");

    @Test
    void countsTheItemsOfTheListAsTheyFinish() {
        RestoreProgress progress = new RestoreProgress(Set.of(217, 215, 3359, 3357, 3209, 3212), 1000, Transfer.Meter.quiet());

        List<String> seen = new ArrayList<>();
        for (String line : PARALLEL_RUN) {
            progress.line(line);
            seen.add(progress.detail());
        }

        // 217 is done when 215 starts, 215 when the parallel loop begins; 3362 and 3365 are not in the list.
        assertThat(seen.get(5)).isEqualTo("1 of 6 items done");
        assertThat(seen.get(7)).isEqualTo("2 of 6 items done");
        assertThat(seen.get(seen.size() - 1)).isEqualTo("5 of 6 items done");
        progress.finished(true);
        assertThat(progress.detail()).isEqualTo("6 of 6 items done");
    }

    @Test
    void progressLinesInterleavedByParallelWorkersStayOutOfTheErrorMessageAndErrorsStayIn() {
        // As pg_restore -j wrote them in a CI run: two workers' prefixes, then their messages, on shared stderr.
        String stderr = String.join("\n", "pg_restore:pg_restore:  processing data for table \"public.messages\"",
                " processing data for table \"public.users\"", "pg_restore: finished item 3359 TABLE DATA messages",
                "pg_restore: error: could not execute query: ERROR:  relation \"users\" already exists",
                "Command was: CREATE TABLE public.users (", "pg_restore:pg_restore: warning: errors ignored on restore: 1") + "\n";
        List<String> info = new ArrayList<>();

        String kept = PgTools.tail(new java.io.ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), info::add);

        assertThat(info).hasSize(3);
        assertThat(kept).isEqualTo("pg_restore: error: could not execute query: ERROR:  relation \"users\" already exists | "
                + "Command was: CREATE TABLE public.users ( | pg_restore:pg_restore: warning: errors ignored on restore: 1");
    }

    @Test
    void aRealParallelRestoreReportsBytesReadAndItemsDone() throws Exception {
        DatabaseAccess source = TestDatabases.create("progress_source", 1);
        TestDatabases.execute(source, "INSERT INTO messages (body) SELECT repeat(md5(g::text), 4) FROM generate_series(1, 200000) g",
                "CREATE INDEX ON messages (body)");
        Path archive = TestDatabases.dump(source, dir.resolve("source.dump"));
        PgTools.Listing listing = PgTools.listArchive(archive, Duration.ofMinutes(1));
        DatabaseAccess target = TestDatabases.create("progress_target", 1);
        TestDatabases.execute(target.on("postgres"), "DROP DATABASE " + target.database(), "CREATE DATABASE " + target.database());
        List<ProgressEvent> events = new ArrayList<>();
        long size = Files.size(archive);
        Transfer.Meter meter = Transfer.Meter.of(Progress.collectingInto(events), "restoring", size).reportingEvery(Duration.ZERO);

        PgTools.Outcome outcome = PgTools.restore(target, archive, 2, Duration.ofMinutes(2), new RestoreProgress(listing.entries(), size, meter));

        assertThat(outcome.ok()).as(outcome.stderr()).isTrue();
        assertThat(listing.entries()).hasSizeGreaterThan(5);
        List<String> messages = events.stream().map(ProgressEvent::message).toList();
        String total = Transfer.bytes(size);
        // While it ran: a share of the archive read, below all of it, with the items done so far.
        assertThat(messages).anyMatch(m -> m.startsWith("restoring: ") && m.contains(" of " + total + " (") && percent(m) < 100
                && m.matches(".*, \\d+ of %d items done".formatted(listing.entries().size())));
        assertThat(messages.stream().filter(m -> m.contains("%)")).mapToInt(RestoreProgressTest::percent).toArray()).isSorted();
        assertThat(messages.get(messages.size() - 1)).startsWith("restoring: " + total + " in ")
                .endsWith("%d of %d items done".formatted(listing.entries().size(), listing.entries().size()));
        // The progress lines are not the error message: a clean run leaves nothing there.
        assertThat(outcome.stderr()).isEmpty();
    }

    static int percent(String message) {
        Matcher matcher = PERCENT.matcher(message);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}
