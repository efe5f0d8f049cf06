package dev.smctl.engine;

import java.util.Map;

/** Where the runner records each run (the audit trail). */
public interface Recorder {
    /**
     * Fails fast, before anything changes, if a record could not be written afterwards.
     *
     * @throws Refused naming the problem and the way out
     */
    void checkWritable();

    /**
     * Appends one record for a finished run.
     *
     * @return the record's id
     */
    String record(ActionResult result, Invocation invocation, Map<String, String> parameters);
}
