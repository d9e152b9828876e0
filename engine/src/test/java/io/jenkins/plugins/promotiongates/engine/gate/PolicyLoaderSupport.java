package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;

import java.nio.file.Path;

/** Inline policies for gate tests; an invalid one fails the test with the located errors. */
final class PolicyLoaderSupport {
    private PolicyLoaderSupport() {
    }

    static Policy parse(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "inline.yaml", Path.of("."));
        } catch (PolicyValidationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
