package dev.smctl.runbook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookLoaderTest {
    static final String VALID = """
            id: P2-01
            version: 1
            title: Backup failed
            severity: P2
            parameters:
              - {name: namespace, type: dns-label, default: production}
            steps:
              - {id: backup-job, action: backup-job, with: {cronJob: postgres-backup}}
            gates: {}
            statusPage: {investigating: a, identified: b, monitoring: c, resolved: d}
            updateEvery: 60m
            """;

    @Test
    void everyIncidentOfTheRunbookHasAValidDefinition() {
        List<Runbook> runbooks = RunbookLoader.all();

        assertThat(runbooks).extracting(Runbook::id).containsExactly("P0-01", "P0-02", "P0-03", "P1-01", "P1-02", "P2-01", "P2-02");
        assertThat(RunbookLoader.find("P0-02").rto()).isEqualTo("30m");
        assertThat(RunbookLoader.find("p0-03").gates().get("contain").minApprovals()).isEqualTo(2);
    }

    @Test
    void aValidMinimalDefinitionLoads() {
        assertThat(RunbookLoader.load("P2-01.yaml", VALID).steps()).extracting(Runbook.Step::action).containsExactly("backup-job");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown field               | 'title: Backup failed' | 'titel: Backup failed'                                    | P2-01.yaml line 3: unknown field 'titel'",
            "unknown action              | 'action: backup-job'   | 'action: reboot-everything'                                | P2-01.yaml line 8: step backup-job names unknown action reboot-everything",
            "undefined gate              | 'postgres-backup}}'    | 'postgres-backup}, gate: nobody}'                          | P2-01.yaml line 8: step backup-job names gate nobody, which is not defined",
            "unknown parameter reference | 'postgres-backup}}'    | '\"${missing}\"}}'                                         | P2-01.yaml line 8: step backup-job uses ${missing}, which is not a parameter",
            "unknown argument            | 'postgres-backup}}'    | 'postgres-backup, cronjob: x}}'                            | P2-01.yaml line 8: step backup-job: action backup-job takes no argument cronjob; it takes [cronJob]",
            "command from a parameter    | 'action: backup-job, with: {cronJob: postgres-backup}' | 'action: db-restore, with: {migration: \"${namespace}\"}' | P2-01.yaml line 8: step backup-job: migration is a command and must be written out in the definition",
            "malformed condition         | 'postgres-backup}}'    | 'postgres-backup}, when: \"namespace = x\"}'                | P2-01.yaml line 8: step backup-job: when must read 'parameter == value'",
            "ungated destructive step    | 'action: backup-job, with: {cronJob: postgres-backup}' | 'action: scale, with: {workload: deployment/backend, replicas: \"0\"}' | P2-01.yaml line 8: step backup-job (scale) changes data or stops the service and needs a gate",
            "wrong severity              | 'severity: P2'         | 'severity: P0'                                             | P2-01.yaml line 4: severity must be P2",
            "missing status stage        | 'monitoring: c, '      | ''                                                         | P2-01.yaml line 10: statusPage lacks the monitoring text",
            "bad duration                | 'updateEvery: 60m'     | 'updateEvery: an hour'                                     | P2-01.yaml line 11: \"an hour\" is not a duration",
            "broken YAML                 | 'steps:'               | 'steps: ['                                                 | P2-01.yaml line "})
    void rejectsAMalformedDefinitionWithFileLineAndReason(String situation, String from, String to, String expected) {
        String text = VALID.replace(from, to);

        assertThatThrownBy(() -> RunbookLoader.load("P2-01.yaml", text)).isInstanceOf(InvalidRunbook.class).hasMessageStartingWith(expected);
    }
}
