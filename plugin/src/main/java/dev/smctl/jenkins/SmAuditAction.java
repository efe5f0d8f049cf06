package dev.smctl.jenkins;

import dev.smctl.jenkins.work.AuditPage;
import dev.smctl.jenkins.work.BuildAudit;
import hudson.model.Run;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;

/**
 * The audit page of a build that ran sm* steps ({@code <build>/smctl-audit/}): every record of the build's audit
 * log (time, actor, action, target, before → after, outcome) and whether its hash chain verifies, read afresh on
 * each visit. The log and its head file download from {@code smctl-audit/log} and {@code smctl-audit/head}, so
 * they can be archived elsewhere. The action keeps no state of its own: the log lives in the build directory.
 */
public final class SmAuditAction implements RunAction2 {
    private transient Run<?, ?> run;

    SmAuditAction(Run<?, ?> run) {
        this.run = run;
    }

    /** Adds the page to a build the first time one of its steps records something; later steps find it there. */
    static void showOn(Run<?, ?> run) throws IOException {
        synchronized (run) {
            if (run.getAction(SmAuditAction.class) == null) {
                run.addOrReplaceAction(new SmAuditAction(run));
                run.save();
            }
        }
    }

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return "smctl audit";
    }

    @Override
    public String getUrlName() {
        return "smctl-audit";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    /** The build, for the page's side panel and caption. */
    public Run<?, ?> getRun() {
        return run;
    }

    /** The rows and the chain's verdict, for index.jelly and summary.jelly. */
    public AuditPage getPage() {
        return AuditPage.read(BuildAudit.logFile(run.getRootDir()));
    }

    /** {@code smctl-audit/log}: the build's audit log (JSON Lines), as written. */
    public HttpResponse doLog() throws MalformedURLException {
        return HttpResponses.staticResource(BuildAudit.logFile(run.getRootDir()).toUri().toURL());
    }

    /** {@code smctl-audit/head}: the head file, without which a cut from the end of the log cannot be detected. */
    public HttpResponse doHead() throws MalformedURLException {
        File log = BuildAudit.logFile(run.getRootDir()).toFile();
        return HttpResponses.staticResource(new File(log.getParentFile(), log.getName() + ".head").toURI().toURL());
    }
}
