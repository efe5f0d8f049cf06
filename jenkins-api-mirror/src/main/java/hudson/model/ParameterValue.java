package hudson.model;

import java.io.Serializable;

/** Mirror (jenkins-api.md §8): one parameter's value in a build. */
public abstract class ParameterValue implements Serializable {
    protected ParameterValue(String name) {
    }
}
