package hudson.model;

/** Stub of upstream {@code hudson.model.Cause}: signatures only, see README.md. */
abstract public class Cause {

    public static class UserIdCause extends hudson.model.Cause {
        public String getUserId() {
            return null;
        }
    }
}
