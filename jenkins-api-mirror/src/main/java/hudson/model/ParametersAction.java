package hudson.model;

import java.util.Collection;
import java.util.List;

/** Mirror (jenkins-api.md §8): a build's parameters, with the undefined names kept as safe. */
public class ParametersAction implements Action {
    public ParametersAction(List<ParameterValue> parameters, Collection<String> additionalSafeParameters) {
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
