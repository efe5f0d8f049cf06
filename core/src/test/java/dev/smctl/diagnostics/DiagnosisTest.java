package dev.smctl.diagnostics;

import dev.smctl.SandboxCase;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.sandbox.ImageHealth;
import dev.smctl.sandbox.Platform;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiagnosisTest extends SandboxCase {
    static final Target BACKEND = Target.deployment(NS, Platform.BACKEND);

    void breakLiveRelease(ImageHealth.Failure failure) {
        String image = Platform.IMAGE + "2.4.0";
        sandbox.controller().release(NS, Platform.BACKEND, image, "deploy 2.4.0");
        sandbox.images().breakImage(image, failure);
        sandbox.settle();
    }

    @Test
    void classifiesCrashLoopingPodsAndPointsToARollback() {
        breakLiveRelease(ImageHealth.Failure.CRASH_LOOP);
        var before = clusterState();

        Diagnosis diagnosis = engine().diagnose(BACKEND, 100, List.of());

        assertThat(diagnosis.states()).containsEntry("CrashLoopBackOff", 3);
        assertThat(diagnosis.pods()).allSatisfy(p -> {
            assertThat(p.restarts()).isPositive();
            assertThat(p.lastTermination()).isEqualTo("Error (exit 1)");
        });
        assertThat(diagnosis.flagged()).anySatisfy(f -> assertThat(f.flags()).contains("uncaught exception"));
        assertThat(diagnosis.findings()).contains("0 of 3 pods ready")
                .anyMatch(f -> f.startsWith("pods crash at start: scenario A, roll back"));
        assertThat(diagnosis.scenario()).isEqualTo("A");
        assertThat(clusterState()).as("diagnosis is read-only").isEqualTo(before);
    }

    @Test
    void flagsDatabaseErrorsAndPointsToThePostgresPod() {
        breakLiveRelease(ImageHealth.Failure.DATABASE_DOWN);

        Diagnosis diagnosis = engine().diagnose(BACKEND, 100, List.of());

        assertThat(diagnosis.flagged()).anySatisfy(f -> assertThat(f.flags()).containsExactly("database connection"));
        assertThat(diagnosis.findings()).anyMatch(f -> f.contains("scenario B"));
        assertThat(diagnosis.scenario()).isEqualTo("B");
    }

    @Test
    void recognisesOutOfMemoryKills() {
        breakLiveRelease(ImageHealth.Failure.OUT_OF_MEMORY);

        assertThat(engine().diagnose(BACKEND, 100, List.of()).states()).containsEntry("OOMKilled", 3);
    }

    @Test
    void groupsErrorLinesByTypeWithNumbersFolded() {
        List<LogPatterns.ErrorType> errors = LogPatterns.summarize(List.of(
                "2026-11-28T03:00:01Z ERROR Timeout after 5000ms on GET /messages/81723",
                "2026-11-28T03:00:02Z ERROR Timeout after 5000ms on GET /messages/99",
                "2026-11-28T03:00:03Z INFO ok",
                "2026-11-28T03:00:04Z ERROR WebSocket closed (1006)"));

        assertThat(errors).extracting(LogPatterns.ErrorType::type, LogPatterns.ErrorType::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ERROR Timeout after Nms on GET /messages/N", 2),
                        org.assertj.core.groups.Tuple.tuple("ERROR WebSocket closed (N)", 1));
    }

    @Test
    void listsPodsByMemoryFromTheMetricsApi() {
        List<PodUsage> usage = engine().top(NS, PodUsage.Order.MEMORY);

        assertThat(usage.get(0).pod()).startsWith("backend");
        assertThat(usage.get(0).memoryMebibytes()).isEqualTo(1843);
        assertThat(usage.get(0).cpuMillicores()).isEqualTo(850);
    }

    @Test
    void saysClearlyWhenTheMetricsApiIsMissing() {
        sandbox.serveMetrics(false);

        assertThatThrownBy(() -> engine().top(NS, PodUsage.Order.CPU)).isInstanceOf(Refused.class)
                .hasMessageContaining("metrics API (metrics.k8s.io) is not available").hasMessageContaining("metrics-server");
    }
}
