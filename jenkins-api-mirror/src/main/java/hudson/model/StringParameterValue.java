package hudson.model;

/** Mirror (jenkins-api.md §8): {@code StringParameterValue(name, value)}. */
public class StringParameterValue extends ParameterValue {
    public StringParameterValue(String name, String value) {
        super(name);
    }
}
