package dev.smctl.audit;

/**
 * The verdict on an audit log.
 *
 * @param records records read
 * @param firstBadRecord 1-based number of the first record that fails, or 0 when intact
 * @param problem what is wrong with it, for the operator; empty when intact
 * @param lastHash SHA-256 of the last record, to compare with a copy kept elsewhere
 */
public record AuditVerification(boolean intact, long records, long firstBadRecord, String problem, String lastHash) {
    static AuditVerification intact(long records, String lastHash) {
        return new AuditVerification(true, records, 0, "", lastHash);
    }

    static AuditVerification broken(long records, long firstBadRecord, String problem) {
        return new AuditVerification(false, records, firstBadRecord, problem, "");
    }

    /** One line: "intact (12 records; last record 3f2a...)" or "TAMPERED at record 4: ...". */
    public String summary() {
        return intact ? "intact (%d %s; last record %s)".formatted(records, records == 1 ? "record" : "records", lastHash)
                : "TAMPERED at record %d: %s".formatted(firstBadRecord, problem);
    }
}
