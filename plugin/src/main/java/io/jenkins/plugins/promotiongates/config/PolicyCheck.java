package io.jenkins.plugins.promotiongates.config;

import java.util.List;

/**
 * Validates a policy document before it is applied. The engine's policy loader implements this (wired by the
 * lead); the plugin only shows the located errors and refuses to apply a bad policy.
 */
@FunctionalInterface
public interface PolicyCheck {
    /**
     * Validates a policy text.
     *
     * @param yaml   the policy text
     * @param source where it came from (file path or "inline policy"), used in error locations
     * @return the problems found, each with its location; empty if the policy can be applied
     */
    List<String> validate(String yaml, String source);

    /** Used until the engine's loader is wired: no policy can be validated, so none is applied (fail closed). */
    PolicyCheck UNAVAILABLE = (yaml, source) -> List.of(source
            + ": the engine's policy validation is not available in this build, so the policy cannot be applied");
}
