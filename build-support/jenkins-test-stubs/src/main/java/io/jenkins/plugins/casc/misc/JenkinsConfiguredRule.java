package io.jenkins.plugins.casc.misc;

/** Stub of upstream {@code io.jenkins.plugins.casc.misc.JenkinsConfiguredRule}: signatures only, see README.md. */
public class JenkinsConfiguredRule extends org.jvnet.hudson.test.JenkinsRule {
}
