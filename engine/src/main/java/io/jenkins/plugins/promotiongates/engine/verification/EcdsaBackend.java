package io.jenkins.plugins.promotiongates.engine.verification;

/** Where a trusted root's ECDSA verifications run; all give the same results (see {@link Signatures}). */
public enum EcdsaBackend {
    /**
     * Native code (AWS-LC) where its library loads, else {@link #JAVA}: for verifiers that verify many bundles. The
     * first use in a JVM extracts and links the library (≈ 60 ms).
     */
    NATIVE_IF_AVAILABLE,
    /** BouncyCastle only: pure Java on every platform, faster than {@link #JDK} once warm. */
    JAVA,
    /**
     * The JDK's own provider: nothing to load or construct, for a process that verifies once (the CLI's
     * {@code verify}), where loading the native library or creating BouncyCastle's provider costs more than it saves.
     */
    JDK;

    Signatures signatures() {
        return switch (this) {
            case NATIVE_IF_AVAILABLE -> Signatures.preferred();
            case JAVA -> Signatures.java();
            case JDK -> Signatures.jdk();
        };
    }
}
