package org.jvnet.hudson.annotation_indexer;

/**
 * Stand-in for upstream {@code org.jvnet.hudson.annotation_indexer.Indexed} (jenkinsci/lib-annotation-indexer,
 * artifact {@code org.jenkins-ci:annotation-indexer} 1.18 in Jenkins 2.541.3, not on Maven Central): the
 * meta-annotation on {@code Symbol} and {@code Restricted}. Same retention, target and documentation as upstream;
 * outside the signature list, so not checked; see README.md.
 */
@java.lang.annotation.Documented
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target(java.lang.annotation.ElementType.ANNOTATION_TYPE)
public @interface Indexed {
}
