package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import org.springframework.security.access.AccessDeniedException;

/** Mirror (jenkins-api.md §8): the running controller, to find a job by its full name. */
public class Jenkins {
    /** The real constructors start Jenkins; the plugin never creates one. */
    private Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException();
    }

    public @CheckForNull <T extends Item> T getItemByFullName(@NonNull String fullName, Class<T> type) throws AccessDeniedException {
        throw new UnsupportedOperationException();
    }
}
