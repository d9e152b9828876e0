package hudson.model;

/** Stub of upstream {@code hudson.model.Cause}: signatures only, see README.md. */
abstract public class Cause {
    abstract public String getShortDescription();

    public static class RemoteCause extends hudson.model.Cause {
        public RemoteCause(String p0, String p1) {
        }
        public String getShortDescription() {
            return null;
        }
    }

    public static class UpstreamCause extends hudson.model.Cause {
        public UpstreamCause(hudson.model.Run<?, ?> p0) {
        }
        public String getShortDescription() {
            return null;
        }
        public hudson.model.Run<?, ?> getUpstreamRun() {
            return null;
        }
    }

    public static class UserIdCause extends hudson.model.Cause {
        public UserIdCause() {
        }
        public UserIdCause(String p0) {
        }
        public String getShortDescription() {
            return null;
        }
        public String getUserId() {
            return null;
        }
    }
}
