package hudson.model;

import java.util.List;

/** Mirror (jenkins-api.md §8): a job's parameter definitions. */
public class ParametersDefinitionProperty extends JobProperty<Job<?, ?>> {
    /** The real constructors take the definitions; the plugin never creates one. */
    private ParametersDefinitionProperty() {
    }

    public List<ParameterDefinition> getParameterDefinitions() {
        throw new UnsupportedOperationException();
    }
}
