package org.jvnet.hudson.test;

/** Stub of upstream {@code org.jvnet.hudson.test.JenkinsRule}: signatures only, see README.md. */
public class JenkinsRule implements hudson.model.RootAction, org.junit.rules.MethodRule, org.junit.rules.TestRule {
    public JenkinsRule() {
    }
    public <J extends hudson.model.Job<J, R> & jenkins.model.ParameterizedJobMixIn.ParameterizedJob<J, R>, R extends hudson.model.Run<J, R> & hudson.model.Queue.Executable> R buildAndAssertStatus(hudson.model.Result p0, J p1) throws Exception {
        return null;
    }
    public <J extends hudson.model.Job<J, R> & jenkins.model.ParameterizedJobMixIn.ParameterizedJob<J, R>, R extends hudson.model.Run<J, R> & hudson.model.Queue.Executable> R buildAndAssertSuccess(J p0) throws Exception {
        return null;
    }
    public <T extends hudson.model.TopLevelItem> T createProject(Class<T> p0) throws java.io.IOException {
        return null;
    }
    public <T extends hudson.model.TopLevelItem> T createProject(Class<T> p0, String p1) throws java.io.IOException {
        return null;
    }
    public String getDisplayName() {
        return null;
    }
    public String getIconFileName() {
        return null;
    }
    public String getUrlName() {
        return null;
    }
    public org.junit.runners.model.Statement apply(org.junit.runners.model.Statement p0, org.junit.runner.Description p1) {
        return null;
    }
    public org.junit.runners.model.Statement apply(org.junit.runners.model.Statement p0, org.junit.runners.model.FrameworkMethod p1, Object p2) {
        return null;
    }
    public void assertLogContains(String p0, hudson.model.Run p1) throws java.io.IOException {
    }
}
