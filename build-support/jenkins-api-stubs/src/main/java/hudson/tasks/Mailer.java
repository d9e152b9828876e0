package hudson.tasks;

/** Stub of upstream {@code hudson.tasks.Mailer}: signatures only, see README.md. */
public class Mailer extends hudson.tasks.Notifier implements jenkins.tasks.SimpleBuildStep {
    public Mailer() {
    }
    public Mailer(String p0, boolean p1, boolean p2) {
    }
    public static hudson.tasks.Mailer.DescriptorImpl descriptor() {
        return null;
    }

    final public static class DescriptorImpl extends hudson.tasks.BuildStepDescriptor<hudson.tasks.Publisher> {
        public DescriptorImpl() {
        }
        public String getAdminAddress() {
            return null;
        }
        public String getCharset() {
            return null;
        }
        public jakarta.mail.Session createSession() {
            return null;
        }
    }

    public static class UserProperty extends hudson.model.UserProperty {
        public UserProperty(String p0) {
        }
        public String getAddress() {
            return null;
        }
    }
}
