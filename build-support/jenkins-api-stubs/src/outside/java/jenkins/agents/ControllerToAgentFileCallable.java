package jenkins.agents;

/** Empty stand-in for upstream {@code jenkins.agents.ControllerToAgentFileCallable} (Jenkins core): outside the signature list, so not checked and given no members; see README.md. */
public interface ControllerToAgentFileCallable<T> extends hudson.FilePath.FileCallable<T> {
}
