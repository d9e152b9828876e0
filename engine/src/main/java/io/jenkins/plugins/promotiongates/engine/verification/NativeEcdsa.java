package io.jenkins.plugins.promotiongates.engine.verification;

import java.security.Provider;

/**
 * An ECDSA provider in native code, from an optional module on the engine's class path (promotion-gates-crypto-native),
 * found with {@link java.util.ServiceLoader}. The engine uses it only after a known-answer self-test and keeps
 * BouncyCastle where no such module is present or its library does not load on this platform.
 */
public interface NativeEcdsa {
    /**
     * A provider instance, which the engine never registers globally. Throws (any RuntimeException or LinkageError)
     * where the native library cannot load here.
     */
    Provider provider();
}
