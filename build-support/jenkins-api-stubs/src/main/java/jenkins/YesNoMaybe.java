package jenkins;

/** Stub of upstream {@code jenkins.YesNoMaybe}: signatures only, see README.md. */
public enum YesNoMaybe {
    MAYBE, NO, YES;
}
