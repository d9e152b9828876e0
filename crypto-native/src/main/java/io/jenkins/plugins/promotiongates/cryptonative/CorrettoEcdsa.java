package io.jenkins.plugins.promotiongates.cryptonative;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.jenkins.plugins.promotiongates.engine.verification.NativeEcdsa;
import java.security.Provider;

/**
 * The Amazon Corretto Crypto Provider (AWS-LC) as the engine's native ECDSA. Its jar carries the library for
 * linux-x86_64 only; elsewhere {@link #provider()} throws and the engine keeps BouncyCastle.
 */
public final class CorrettoEcdsa implements NativeEcdsa {
    @Override
    public Provider provider() {
        // INSTANCE extracts and links the shared library when this is first called, not when the service is listed.
        AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
        if (provider.getLoadingError() != null) {
            throw new IllegalStateException("native library not loaded", provider.getLoadingError());
        }
        return provider;
    }
}
