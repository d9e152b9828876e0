package hudson.model;

/** Stub of upstream {@code hudson.model.Result}: signatures only, see README.md. */
final public class Result implements java.io.Serializable, org.kohsuke.stapler.export.CustomExportedBean {
    final public static hudson.model.Result FAILURE = null;
    final public static hudson.model.Result SUCCESS = null;
}
