package dev.smctl.engine;

/** One action at a time per target, across processes and machines. */
public interface TargetLock {
    /** For actions that only read the systems they look at (an evidence capture): nothing to exclude. */
    TargetLock NONE = (target, holder, progress) -> new Held() {
        @Override
        public boolean stillHeld() {
            return true;
        }

        @Override
        public void close() {
            // nothing was taken
        }
    };

    /**
     * Takes the lock or refuses.
     *
     * @param holder who holds it, as other runs will read it in their refusal
     * @throws Refused naming the current holder when someone else holds it
     */
    Held acquire(Target target, String holder, Progress progress);

    /** A held lock; closing releases it (and never throws: an unreleased lock expires on its own). */
    interface Held extends AutoCloseable {
        /** False once another holder took the lock over (ours expired or was deleted). */
        boolean stillHeld();

        @Override
        void close();
    }
}
