package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.policy.Policy;

/**
 * Where the service gets the policy in force. The CLI reads a file; Jenkins keeps the last good policy saved in the
 * global configuration; controllers sharing a PostgreSQL store follow the version recorded in the store.
 */
@FunctionalInterface
public interface PolicyProvider {
    /**
     * The policy to decide with now.
     *
     * @throws PolicyUnavailableException when no valid policy is in force (then every gate denies)
     */
    Policy current();

    /** A provider that always answers the same policy. */
    static PolicyProvider fixed(Policy policy) {
        return () -> policy;
    }
}
