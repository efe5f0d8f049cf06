package hudson.remoting;

/** Mirror (jenkins-api.md §4): the channel to a node; the plugin only receives it. */
public interface VirtualChannel {
}
