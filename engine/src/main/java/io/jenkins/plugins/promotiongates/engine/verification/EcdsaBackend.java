package io.jenkins.plugins.promotiongates.engine.verification;

/** Where a trusted root's ECDSA verifications run; both give the same results (see {@link Signatures}). */
public enum EcdsaBackend {
    /**
     * Native code (AWS-LC) where its library loads, else {@link #JAVA}: for verifiers that verify many bundles. The
     * first use in a JVM extracts and links the library (≈ 60 ms).
     */
    NATIVE_IF_AVAILABLE,
    /** BouncyCastle only: for a process that verifies once (the CLI's {@code verify}), where loading costs more. */
    JAVA;

    Signatures signatures() {
        return this == JAVA ? Signatures.java() : Signatures.preferred();
    }
}
