package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code smIngressAnnotate} (docs/pipeline-steps.md): P1-02: sets ({@code KEY=VALUE}) or removes ({@code KEY-}) one allowlisted NGINX annotation. */
public final class SmIngressAnnotateStep extends SmStep {
    private final String ingress;
    private final String annotation;

    @DataBoundConstructor
    public SmIngressAnnotateStep(String ingress, String annotation) {
        this.ingress = fixEmpty(ingress);
        this.annotation = fixEmpty(annotation);
    }

    public String getIngress() {
        return ingress;
    }

    public String getAnnotation() {
        return annotation;
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.AnnotateIngress(getIngress(), getAnnotation());
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smIngressAnnotate", "Set or remove an allowlisted annotation on an Ingress", false);
        }
    }
}
