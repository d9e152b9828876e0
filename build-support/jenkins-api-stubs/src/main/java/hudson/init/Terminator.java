package hudson.init;

import static hudson.init.TermMilestone.COMPLETED;
import static hudson.init.TermMilestone.STARTED;

/** Stub of upstream {@code hudson.init.Terminator}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.METHOD})
@org.jvnet.hudson.annotation_indexer.Indexed
public @interface Terminator {
    String displayName() default "";
    String[] attains() default {};
    String[] requires() default {};
    hudson.init.TermMilestone after() default STARTED;
    hudson.init.TermMilestone before() default COMPLETED;
}
