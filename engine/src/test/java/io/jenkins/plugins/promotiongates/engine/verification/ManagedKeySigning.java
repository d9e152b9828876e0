package io.jenkins.plugins.promotiongates.engine.verification;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;

/**
 * For tests outside this package: a test transparency log, a trusted root that trusts it, and two managed keys (the
 * release key and an attacker's) that each signed the same artifact into that log.
 *
 * @param trustedRootJson the public-good root with the test log added
 * @param releaseKeyPem   the release key's public key (PEM)
 * @param releaseBundle   the artifact signed with the release key
 * @param attackerKeyPem  the attacker's public key (PEM)
 * @param attackerBundle  the same artifact signed with the attacker's key
 */
public record ManagedKeySigning(String trustedRootJson, String releaseKeyPem, String releaseBundle,
        String attackerKeyPem, String attackerBundle) {
    private static final long INTEGRATED = 1_750_000_000L;

    /** Signs {@code artifact} with both keys; {@code fixtures} is the directory holding trusted-roots/. */
    public static ManagedKeySigning of(byte[] artifact, Path fixtures) throws java.io.IOException {
        TestLog log = new TestLog();
        KeyPair release = TestLog.newP256();
        KeyPair attacker = TestLog.newP256();
        String root = log.trustedRoot(Files.readString(fixtures.resolve("trusted-roots/public-good.json"),
                StandardCharsets.UTF_8), Instant.parse("2025-01-01T00:00:00Z"), null);
        return new ManagedKeySigning(root, TestLog.pem("PUBLIC KEY", release.getPublic().getEncoded()),
                log.logKeySigned(artifact, release, INTEGRATED),
                TestLog.pem("PUBLIC KEY", attacker.getPublic().getEncoded()),
                log.logKeySigned(artifact, attacker, INTEGRATED));
    }
}
