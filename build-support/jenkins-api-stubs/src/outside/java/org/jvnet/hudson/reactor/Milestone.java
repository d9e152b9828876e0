package org.jvnet.hudson.reactor;

/**
 * Empty stand-in for upstream {@code org.jvnet.hudson.reactor.Milestone} (jenkinsci/lib-task-reactor, not on Maven
 * Central): the supertype of {@code hudson.init.TermMilestone}. Outside the signature list, so not checked; see README.md.
 */
public interface Milestone {
}
