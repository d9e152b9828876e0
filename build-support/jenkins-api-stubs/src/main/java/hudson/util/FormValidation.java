package hudson.util;

/** Stub of upstream {@code hudson.util.FormValidation}: signatures only, see README.md. */
abstract public class FormValidation extends java.io.IOException implements org.kohsuke.stapler.HttpResponse {
    public static hudson.util.FormValidation error(String p0) {
        return null;
    }
    public static hudson.util.FormValidation error(String p0, Object... p1) {
        return null;
    }
    public static hudson.util.FormValidation error(Throwable p0, String p1) {
        return null;
    }
    public static hudson.util.FormValidation error(Throwable p0, String p1, Object... p2) {
        return null;
    }
    public static hudson.util.FormValidation ok() {
        return null;
    }
    public static hudson.util.FormValidation ok(String p0) {
        return null;
    }
    public static hudson.util.FormValidation ok(String p0, Object... p1) {
        return null;
    }
    public static hudson.util.FormValidation warning(String p0) {
        return null;
    }
    public static hudson.util.FormValidation warning(String p0, Object... p1) {
        return null;
    }
    public static hudson.util.FormValidation warning(Throwable p0, String p1) {
        return null;
    }
    public static hudson.util.FormValidation warning(Throwable p0, String p1, Object... p2) {
        return null;
    }
}
