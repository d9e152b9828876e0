package jenkins;

/** Stub of upstream {@code jenkins.MasterToSlaveFileCallable}: signatures only, see README.md. */
abstract public class MasterToSlaveFileCallable<T> implements jenkins.agents.ControllerToAgentFileCallable<T> {
    public MasterToSlaveFileCallable() {
    }
}
