package hudson;

import static jenkins.YesNoMaybe.MAYBE;

/** Stub of upstream {@code hudson.Extension}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.FIELD, java.lang.annotation.ElementType.METHOD, java.lang.annotation.ElementType.TYPE})
@net.java.sezpoz.Indexable
public @interface Extension {
    boolean optional() default false;
    double ordinal() default 0;
    jenkins.YesNoMaybe dynamicLoadable() default MAYBE;
}
