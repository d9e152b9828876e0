package io.jenkins.plugins.casc.misc;

/** Stub of upstream {@code io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule}: signatures only, see README.md. */
public class JenkinsConfiguredWithCodeRule extends io.jenkins.plugins.casc.misc.JenkinsConfiguredRule {
    public JenkinsConfiguredWithCodeRule() {
    }
}
