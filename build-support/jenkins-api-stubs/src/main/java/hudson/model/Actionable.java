package hudson.model;

/** Stub of upstream {@code hudson.model.Actionable}: signatures only, see README.md. */
abstract public class Actionable extends hudson.model.AbstractModelObject implements jenkins.model.ModelObjectWithContextMenu {
    public <T extends hudson.model.Action> T getAction(Class<T> p0) {
        return null;
    }
    public <T extends hudson.model.Action> java.util.List<T> getActions(Class<T> p0) {
        return null;
    }
    public boolean addOrReplaceAction(hudson.model.Action p0) {
        return false;
    }
    public boolean removeAction(hudson.model.Action p0) {
        return false;
    }
    public hudson.model.Action getAction(int p0) {
        return null;
    }
    public java.util.List<hudson.model.Action> getActions() {
        return null;
    }
    public void addAction(hudson.model.Action p0) {
    }
}
