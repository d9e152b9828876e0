package io.jenkins.plugins.promotiongates.engine.verification;

import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.CertificateAuthority;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import dev.sigstore.trustroot.ValidFor;
import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@code trusted_root.json} the admin provides, parsed once with everything verification needs prepared
 * (certificate authorities, log keys, timestamp authorities). Read from a file only: the library's public-good and
 * staging defaults, which fetch TUF metadata over the network, are never used. Immutable and thread-safe.
 */
public final class TrustedRoot {
    private final String name;
    private final SigstoreTrustedRoot root;
    private final Signatures signatures;
    private final FulcioCertificates certificates;
    private final List<Log> tlogs;
    /** Built at the first RFC 3161 timestamp: loading the class registers a BouncyCastle provider JVM-wide. */
    private volatile TimestampVerifier timestampVerifier;

    private TrustedRoot(String name, SigstoreTrustedRoot root, Signatures signatures) throws GeneralSecurityException {
        this.name = name;
        this.root = root;
        this.signatures = signatures;
        this.certificates = new FulcioCertificates(root.getCAs(), root.getCTLogs(), name, signatures);
        for (CertificateAuthority tsa : root.getTSAs()) {
            tsa.asTrustAnchor(); // all that building the timestamp verifier checks, so a bad TSA still fails here
        }
        List<Log> logs = new ArrayList<>();
        for (TransparencyLog tlog : root.getTLogs()) {
            logs.add(new Log(tlog, signatures));
        }
        this.tlogs = List.copyOf(logs);
    }

    /** Loads and prepares a trusted root file; a malformed file is a configuration error naming the file. */
    public static TrustedRoot load(Path file) throws IOException {
        return load(file, EcdsaBackend.NATIVE_IF_AVAILABLE);
    }

    /** Loads and prepares a trusted root file with its keys prepared for {@code ecdsa}. */
    public static TrustedRoot load(Path file, EcdsaBackend ecdsa) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), ecdsa.signatures());
    }

    /**
     * Parses trusted root JSON; {@code name} appears in errors and evidence. Signatures under this root are verified
     * with native ECDSA where it loads, else in Java (same results, see {@link Signatures}).
     */
    public static TrustedRoot parse(String json, String name) {
        return parse(json, name, Signatures.preferred());
    }

    /** Parses trusted root JSON with its keys prepared for one signature backend. */
    static TrustedRoot parse(String json, String name, Signatures signatures) {
        try {
            TrustedRootChecks.check(json, name);
            SigstoreTrustedRoot root = TrustedRootJson.read(json);
            if (root == null) { // not in the usual form: the library parses it and reports any error
                root = SigstoreTrustedRoot.from(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
            }
            if (root.getTLogs().isEmpty()) {
                throw new IllegalArgumentException("Trusted root " + name + ": expected at least one entry in "
                        + "'tlogs', found none");
            }
            return new TrustedRoot(name, root, signatures);
        } catch (SigstoreConfigurationException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("Trusted root ")) {
                throw iae;
            }
            throw new IllegalArgumentException("Trusted root " + name + ": not a valid trusted_root.json ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    @CheckForNull
    private static PublicKey toJavaKey(TransparencyLog tlog, Signatures signatures) {
        try {
            return signatures.prepare(tlog.getPublicKey().toJavaPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key type this JDK cannot read: entries from this log fail with a precise cause instead
            return null;
        }
    }

    public String name() {
        return name;
    }

    /** How signatures under this root are verified. */
    Signatures signatures() {
        return signatures;
    }

    FulcioCertificates certificates() {
        return certificates;
    }

    TimestampVerifier timestampVerifier() throws GeneralSecurityException {
        TimestampVerifier verifier = timestampVerifier;
        if (verifier == null) {
            verifier = TimestampVerifier.newTimestampVerifier(root);
            timestampVerifier = verifier;
        }
        return verifier;
    }

    /** The logs of this root with this key id (several when a log's key was rotated with the same id). */
    List<Log> logs(byte[] keyId) {
        return tlogs.stream().filter(log -> Arrays.equals(log.keyId, keyId)).toList();
    }

    @Override
    public String toString() {
        return "TrustedRoot[" + name + "]";
    }

    /** A transparency log of the root; its key is read and prepared when a bundle first needs it. */
    static final class Log {
        private final TransparencyLog log;
        private final Signatures signatures;
        private final byte[] keyId;
        private volatile Optional<PublicKey> key;

        Log(TransparencyLog log, Signatures signatures) {
            this.log = log;
            this.signatures = signatures;
            this.keyId = log.getLogId().getKeyId();
        }

        byte[] keyId() {
            return keyId.clone();
        }

        /** The prepared key; null when this JDK cannot read it (entries of this log then fail with that cause). */
        @CheckForNull
        PublicKey key() {
            Optional<PublicKey> prepared = key;
            if (prepared == null) { // a race computes the same key twice, harmlessly
                prepared = Optional.ofNullable(toJavaKey(log, signatures));
                key = prepared;
            }
            return prepared.orElse(null);
        }

        ValidFor validFor() {
            return log.getPublicKey().getValidFor();
        }

        String baseUrl() {
            return String.valueOf(log.getBaseUrl());
        }

        /** Closed interval: an entry integrated exactly at the end is inside (conformance requires it). */
        boolean validAt(Instant time) {
            return validFor().contains(time);
        }

        String describeValidity() {
            return validFor().getStart() + " .. " + validFor().getEnd().map(Instant::toString).orElse("(open)");
        }
    }
}
