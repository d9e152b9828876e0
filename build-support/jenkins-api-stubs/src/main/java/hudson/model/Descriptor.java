package hudson.model;

/** Stub of upstream {@code hudson.model.Descriptor}: signatures only, see README.md. */
abstract public class Descriptor<T extends hudson.model.Describable<T>> implements hudson.model.Saveable, jenkins.model.Loadable, jenkins.util.io.OnMaster {
    protected Descriptor() {
    }
    protected Descriptor(Class<? extends T> p0) {
    }
    public String getDisplayName() {
        return null;
    }
    public void load() {
    }
    public void save() {
    }

    final public static class FormException extends Exception implements org.kohsuke.stapler.HttpResponse {
    }
}
