package hudson.model;

/** Stub of upstream {@code hudson.model.Result}: signatures only, see README.md. */
final public class Result implements java.io.Serializable, org.kohsuke.stapler.export.CustomExportedBean {
}
