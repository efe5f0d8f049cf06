package dev.smctl.storage;

import dev.smctl.engine.Progress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line an operator reads, for each kind of total. */
class TransferTest {
    static final long SECONDS_10 = 10_000_000_000L;
    static final long MIB = 1024 * 1024;

    @Test
    void aKnownTotalGivesAnExactPercentageAndAnEtaFromTheRate() {
        Transfer.Meter meter = Transfer.Meter.of(Progress.NONE, "fetching b.dump", 400 * MIB);
        meter.add(100 * MIB);

        assertThat(meter.describe(SECONDS_10, false)).isEqualTo("fetching b.dump: 100.0 MiB of 400.0 MiB (25%), 10.0 MiB/s, ETA 30s");
        assertThat(meter.describe(SECONDS_10, true)).isEqualTo("fetching b.dump: 100.0 MiB in 10.0s (10.0 MiB/s)");
    }

    @Test
    void anEstimateSaysWhatItRestsOnAndStaysAnEstimate() {
        Transfer.Meter meter = Transfer.Meter.estimated(Progress.NONE, "dumping db", () -> 0.2, "by table size")
                .withDetail(() -> "table 2 of 5 (public.messages)");
        meter.add(50 * MIB);

        assertThat(meter.describe(SECONDS_10, false))
                .isEqualTo("dumping db: 50.0 MiB, 5.0 MiB/s, about 20% done by table size, ETA ~40s, table 2 of 5 (public.messages)");
    }

    @Test
    void noEstimateYetMeansNoEta() {
        Transfer.Meter meter = Transfer.Meter.estimated(Progress.NONE, "dumping db", () -> 0, "by table size");
        meter.add(MIB);

        assertThat(meter.describe(SECONDS_10, false)).isEqualTo("dumping db: 1.0 MiB, 102.4 KiB/s, about 0% done by table size, ETA unknown");
    }

    @Test
    void sampledProgressNeverGoesBack() {
        Transfer.Meter meter = Transfer.Meter.of(Progress.NONE, "restoring", 100);
        meter.advanceTo(60);
        meter.advanceTo(40);

        assertThat(meter.done()).isEqualTo(60);
    }
}
