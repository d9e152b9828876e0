package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyError;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a policy file for a command; located errors become a usage error (exit 2) listing every problem. */
final class Policies {
    private Policies() {
    }

    static Policy load(Path file) throws CliException {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.USAGE, "policy file " + file + " does not exist or is not a file");
        }
        try {
            return PolicyLoader.load(file);
        } catch (PolicyValidationException e) {
            StringBuilder message = new StringBuilder("policy " + file + " is invalid (" + e.errors().size()
                    + (e.errors().size() == 1 ? " error" : " errors") + "); nothing was applied:");
            for (PolicyError error : e.errors()) {
                message.append(System.lineSeparator()).append("  ").append(error);
            }
            throw new CliException(ExitCodes.USAGE, message.toString());
        }
    }
}
