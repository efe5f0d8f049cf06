package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Mirror (jenkins-api.md §7, §13): only the member the plugin calls. */
public class ExtensionList<T> {
    /** The real constructors take arguments the plugin never passes; none is declared here. */
    private ExtensionList() {
    }

    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException();
    }
}
