package hudson.model;

/** Stub of upstream {@code hudson.model.ResourceController}: signatures only, see README.md. */
public class ResourceController {
}
