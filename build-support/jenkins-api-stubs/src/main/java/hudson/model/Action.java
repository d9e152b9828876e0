package hudson.model;

/** Stub of upstream {@code hudson.model.Action}: signatures only, see README.md. */
public interface Action extends hudson.model.ModelObject {
    abstract public String getDisplayName();
    abstract public String getIconFileName();
    abstract public String getUrlName();
}
