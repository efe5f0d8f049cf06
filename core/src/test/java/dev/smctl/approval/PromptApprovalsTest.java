package dev.smctl.approval;

import dev.smctl.engine.Actor;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PromptApprovalsTest {
    private static ApprovalRequest request(Duration expires) {
        Instant now = Instant.now();
        return new ApprovalRequest("run-1", "P1-02", "restart", new ApprovalPolicy("on-call", List.of("sre-oncall"), 1, expires, true),
                Actor.user("alice"), "restart {deployment=backend}", now, now.plus(expires));
    }

    @Test
    void readsApproverCommentAndVerdictAndShowsWhatIsApproved() throws Exception {
        StringWriter shown = new StringWriter();
        PromptApprovals prompt = new PromptApprovals(new BufferedReader(new StringReader("bob\nusers disconnect\nyes\ncarol\nno way\nno\n")),
                new PrintWriter(shown, true), Clock.systemUTC());
        ApprovalRequest request = request(Duration.ofSeconds(5));

        Optional<Decision> first = prompt.next(request, request.deadline());
        Optional<Decision> second = prompt.next(request, request.deadline());

        assertThat(first).get().satisfies(d -> {
            assertThat(d.approver()).isEqualTo("bob");
            assertThat(d.approved()).isTrue();
            assertThat(d.comment()).isEqualTo("users disconnect");
        });
        assertThat(second).get().extracting(Decision::approved).isEqualTo(false);
        assertThat(shown.toString()).contains("Approval needed: P1-02 step restart: restart {deployment=backend}")
                .contains("requested by alice").contains("approver name:");
    }

    @Test
    void anUnansweredPromptExpiresAtTheDeadline() throws Exception {
        PromptApprovals prompt = new PromptApprovals(new BufferedReader(new StringReader("bob\n")), new PrintWriter(new StringWriter()),
                Clock.systemUTC());
        ApprovalRequest request = request(Duration.ofMillis(300));
        long started = System.nanoTime();

        Optional<Decision> answer = prompt.next(request, request.deadline());

        assertThat(answer).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
}
