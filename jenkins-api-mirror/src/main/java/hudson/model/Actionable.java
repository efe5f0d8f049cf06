package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Mirror (jenkins-api.md §6, "On Run": these members are declared by Run's superclass Actionable). */
public abstract class Actionable {
    public boolean addOrReplaceAction(@NonNull Action a) {
        throw new UnsupportedOperationException();
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException();
    }
}
