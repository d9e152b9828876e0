package io.jenkins.plugins.promotiongates.engine.notification;

import java.util.Optional;

/**
 * Where a webhook's HMAC secret comes from, by the policy's {@code secretId}: a Jenkins credential (plugin), an
 * environment variable or file (CLI). The secret is never written to the audit trail, a log or a message.
 */
@FunctionalInterface
public interface SecretSource {
    Optional<byte[]> secret(String secretId);
}
