package io.jenkins.plugins.promotiongates.engine.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The policy did not load: every problem found, each with its location. A policy that fails validation is never
 * applied, not even in part.
 */
public final class PolicyValidationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<PolicyError> errors;

    public PolicyValidationException(List<PolicyError> errors) {
        super(format(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }

    private static String format(List<PolicyError> errors) {
        return "The policy is invalid (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n"
                + errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n"));
    }
}
