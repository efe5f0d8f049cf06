package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.ExtensionPoint;

import java.io.Serializable;

/** Mirror (jenkins-api.md §8): one parameter a job defines, with its name and default. */
public abstract class ParameterDefinition implements ExtensionPoint, Serializable {
    /** The real constructors take the name; the plugin never creates one. */
    private ParameterDefinition() {
    }

    public String getName() {
        throw new UnsupportedOperationException();
    }

    public @CheckForNull ParameterValue getDefaultParameterValue() {
        throw new UnsupportedOperationException();
    }
}
