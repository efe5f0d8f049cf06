package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code smIngressAnnotate} (docs/pipeline-steps.md): P1-02: sets (or, with a null value, removes) allowlisted NGINX annotations, one audited action each. */
public final class SmIngressAnnotateStep extends SmStep {
    private final String ingress;
    private Map<String, Object> annotations;

    @DataBoundConstructor
    public SmIngressAnnotateStep(String ingress) {
        this.ingress = fixEmpty(ingress);
    }

    public String getIngress() {
        return ingress;
    }

    public Map<String, Object> getAnnotations() {
        return annotations;
    }

    /** @param annotations annotation name to value; null removes it */
    @DataBoundSetter
    public void setAnnotations(Map<String, Object> annotations) {
        this.annotations = annotations == null ? null : new LinkedHashMap<>(annotations);
    }

    /** Values as text (Groovy may pass numbers: {@code 3600}); {@code null} stays null, meaning "remove". */
    private LinkedHashMap<String, String> annotationTexts() {
        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        if (annotations != null) {
            annotations.forEach((key, value) -> texts.put(key, value == null ? null : String.valueOf(value)));
        }
        return texts;
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.AnnotateIngress(getIngress(), annotationTexts());
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smIngressAnnotate", "Set allowlisted annotations on an Ingress", false);
        }
    }
}
