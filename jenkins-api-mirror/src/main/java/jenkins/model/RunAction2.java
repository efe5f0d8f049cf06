package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/** Mirror (jenkins-api.md §6): a build action told which build it belongs to, when attached and when loaded. */
public interface RunAction2 extends Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
