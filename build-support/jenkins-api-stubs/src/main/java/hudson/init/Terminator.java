package hudson.init;

/** Stub of upstream {@code hudson.init.Terminator}: signatures only, see README.md. */
@java.lang.annotation.Documented
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
@org.jvnet.hudson.annotation_indexer.Indexed
public @interface Terminator {
    String displayName() default "";
    String[] attains() default {};
    String[] requires() default {};
    hudson.init.TermMilestone after() default hudson.init.TermMilestone.STARTED;
    hudson.init.TermMilestone before() default hudson.init.TermMilestone.COMPLETED;
}
