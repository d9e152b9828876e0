package hudson.model.queue;

/** Stub of upstream {@code hudson.model.queue.SubTask}: signatures only, see README.md. */
public interface SubTask extends hudson.model.ResourceActivity, jenkins.model.queue.ITask {
}
