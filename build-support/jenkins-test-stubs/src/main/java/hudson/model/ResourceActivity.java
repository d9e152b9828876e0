package hudson.model;

/** Stub of upstream {@code hudson.model.ResourceActivity}: signatures only, see README.md. */
public interface ResourceActivity extends hudson.model.ModelObject {
}
