package jenkins.model.queue;

/** Stub of upstream {@code jenkins.model.queue.ITask}: signatures only, see README.md. */
public interface ITask extends jenkins.model.FullyNamedModelObject {
}
