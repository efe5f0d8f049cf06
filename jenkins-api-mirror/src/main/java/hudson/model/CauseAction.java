package hudson.model;

/** Mirror (jenkins-api.md §8): the causes a scheduled build carries, {@code CauseAction(Cause...)}. */
public class CauseAction implements Action {
    public CauseAction(Cause... c) {
    }

    @Override
    public String getIconFileName() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException();
    }
}
