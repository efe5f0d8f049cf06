package hudson.model;

/** Mirror (jenkins-api.md §8): the build queue; the item a scheduled build waits as. */
public class Queue {
    /** The real constructor takes the load balancer; the plugin never creates one. */
    private Queue() {
    }

    /** A scheduled build waiting in the queue. */
    public abstract static class Item extends Actionable {
        /** The real constructors take the task and its actions; the plugin never creates one. */
        private Item() {
        }

        public long getId() {
            throw new UnsupportedOperationException();
        }
    }
}
