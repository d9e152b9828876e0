package jenkins.model;

/** Stub of upstream {@code jenkins.model.RunAction2}: signatures only, see README.md. */
public interface RunAction2 extends hudson.model.Action {
    abstract public void onAttached(hudson.model.Run<?, ?> p0);
    abstract public void onLoad(hudson.model.Run<?, ?> p0);
}
