package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution}: signatures only, see README.md. */
abstract public class GeneralNonBlockingStepExecution extends org.jenkinsci.plugins.workflow.steps.StepExecution {
    // Behaviour exception (README), following upstream src/main/java/org/jenkinsci/plugins/workflow/steps/
    // GeneralNonBlockingStepExecution.java: run(block) submits the block to a shared cached thread pool (upstream:
    // SynchronousNonBlockingStepExecution.getExecutorService()) under the caller's authentication (ACL.as2 of
    // Jenkins.getAuthentication2() taken on the calling thread); a block that throws fails the step; the name of the
    // running thread is persisted, so onResume fails the step with SynchronousResumeNotSupportedException and
    // blocksRestart() is true while a block runs; TailCall runs finished() through run() and then passes the outcome on.
    private static final long serialVersionUID = 1L;
    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution");
        t.setDaemon(true);
        return t;
    });
    private transient volatile java.util.concurrent.Future<?> task;
    private String threadName;
    private transient volatile Throwable stopCause;

    protected GeneralNonBlockingStepExecution(org.jenkinsci.plugins.workflow.steps.StepContext p0) {
        super(p0);
    }

    final protected void run(org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution.Block p0) {
        if (stopCause != null) {
            return;
        }
        final org.springframework.security.core.Authentication auth = jenkins.model.Jenkins.getAuthentication2();
        task = POOL.submit(() -> {
            threadName = Thread.currentThread().getName();
            try {
                try (hudson.security.ACLContext acl = hudson.security.ACL.as2(auth)) {
                    p0.run();
                }
            } catch (Throwable x) {
                if (stopCause == null) {
                    getContext().onFailure(x);
                } else {
                    stopCause.addSuppressed(x);
                }
            } finally {
                threadName = null;
                task = null;
            }
        });
    }

    public String getStatus() {
        return threadName != null ? "running in thread: " + threadName : "not currently scheduled, or running blocks";
    }

    public boolean blocksRestart() {
        return threadName != null;
    }

    public void onResume() {
        if (threadName != null) {
            getContext().onFailure(new org.jenkinsci.plugins.workflow.steps.SynchronousResumeNotSupportedException(getContext()));
        }
    }

    public void stop(Throwable p0) throws Exception {
        stopCause = p0;
        if (task != null) {
            task.cancel(true);
        }
        getContext().onFailure(p0); // upstream StepExecution.stop
    }

    protected static interface Block {
        abstract public void run() throws Exception;
    }

    abstract protected class TailCall extends org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        protected TailCall() {
        }

        abstract protected void finished(org.jenkinsci.plugins.workflow.steps.StepContext p0) throws Exception;

        final public void onFailure(org.jenkinsci.plugins.workflow.steps.StepContext p0, Throwable p1) {
            run(() -> {
                try {
                    finished(p0);
                } catch (Exception x) {
                    p1.addSuppressed(x);
                }
                p0.onFailure(p1);
            });
        }

        final public void onSuccess(org.jenkinsci.plugins.workflow.steps.StepContext p0, Object p1) {
            run(() -> {
                try {
                    finished(p0);
                } catch (Exception x) {
                    if (stopCause == null) {
                        p0.onFailure(x);
                    } else {
                        stopCause.addSuppressed(x);
                    }
                    return;
                }
                p0.onSuccess(p1);
            });
        }
    }
}
