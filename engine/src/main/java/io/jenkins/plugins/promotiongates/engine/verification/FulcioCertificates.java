package io.jenkins.plugins.promotiongates.engine.verification;

import dev.sigstore.encryption.certificates.transparency.CertificateEntry;
import dev.sigstore.encryption.certificates.transparency.Serialization;
import dev.sigstore.encryption.certificates.transparency.SerializationException;
import dev.sigstore.encryption.certificates.transparency.SignedCertificateTimestamp;
import dev.sigstore.trustroot.CertificateAuthority;
import dev.sigstore.trustroot.TransparencyLog;
import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a Fulcio leaf certificate was issued by a certificate authority of the trusted root (valid when the
 * leaf was issued) and carries a valid embedded SCT from a CT log of the root valid at the SCT's time.
 *
 * <p>Replaces the library's PKIX validation: the CA chains come from the trusted root and are trusted as such, so
 * only the leaf's signature by its issuing CA certificate needs verifying, which keeps a warm verification lean.
 * Each chain is put in path order once ({@link CertificatePath}), so a root that lists it root first works too; a
 * chain that is not one path vouches for nothing.
 */
final class FulcioCertificates {
    private static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final int SCT_LIST_LENGTH_BYTES = 2;
    private static final int SERIALIZED_SCT_LENGTH_BYTES = 2;

    private final List<CertificateAuthority> authorities;
    /** Each authority's chain in path order, whatever order the trusted root lists it in. */
    private final List<CertificatePath> paths;
    /** The key of each path's first certificate (null for a chain that is not one path). */
    private final List<PublicKey> issuerKeys;
    private final List<TransparencyLog> ctLogs;
    private final Map<TransparencyLog, PublicKey> ctKeys;
    private final String rootName;
    private final Signatures signatures;

    FulcioCertificates(List<CertificateAuthority> authorities, List<TransparencyLog> ctLogs, String rootName,
            Signatures signatures) {
        this.signatures = signatures;
        this.authorities = List.copyOf(authorities);
        this.paths = this.authorities.stream().map(ca -> CertificatePath.of(certificates(ca))).toList();
        this.issuerKeys = this.paths.stream().map(path -> path.problem() != null ? null
                : signatures.prepare(path.certificates().get(0).getPublicKey())).toList();
        this.ctLogs = List.copyOf(ctLogs);
        IdentityHashMap<TransparencyLog, PublicKey> keys = new IdentityHashMap<>();
        for (TransparencyLog log : this.ctLogs) {
            try {
                keys.put(log, signatures.prepare(log.getPublicKey().toJavaPublicKey()));
            } catch (GeneralSecurityException | RuntimeException e) {
                // a CT key this JDK cannot read: its SCTs simply do not verify
            }
        }
        this.ctKeys = Collections.unmodifiableMap(keys);
        this.rootName = rootName;
    }

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> certificates(CertificateAuthority ca) {
        return (List<X509Certificate>) ca.getCertPath().getCertificates();
    }

    /** Null when the leaf is trusted, else why not (for {@link VerificationFailure.CertificateChainInvalid}). */
    @CheckForNull
    String check(X509Certificate leaf) {
        Instant issued = leaf.getNotBefore().toInstant();
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < authorities.size(); i++) {
            if (authorities.get(i).getValidFor().contains(issued)) {
                valid.add(i);
            }
        }
        if (valid.isEmpty()) {
            return "no certificate authority of " + rootName + " was valid when the certificate was issued ("
                    + issued + ")";
        }
        if (leaf.getBasicConstraints() != -1) {
            return "the signing certificate is a CA certificate";
        }
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CODE_SIGNING)) {
                return "the signing certificate lacks the code-signing extended key usage";
            }
        } catch (CertificateException e) {
            return "unreadable extended key usage: " + e.getMessage();
        }
        List<String> reasons = new ArrayList<>();
        for (int index : valid) {
            CertificateAuthority ca = authorities.get(index);
            CertificatePath ordered = paths.get(index);
            if (ordered.problem() != null) {
                reasons.add(ca.getUri() + ": " + ordered.problem());
                continue;
            }
            List<X509Certificate> path = ordered.certificates();
            X509Certificate issuer = path.get(0);
            if (!leaf.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                reasons.add(ca.getUri() + ": issuer is " + leaf.getIssuerX500Principal().getName());
                continue;
            }
            try {
                if (!signatures.verify(leaf.getSigAlgName(), issuerKeys.get(index), leaf.getTBSCertificate(),
                        leaf.getSignature())) {
                    reasons.add(ca.getUri() + ": signature by the CA does not verify");
                    continue;
                }
                for (X509Certificate certificate : path) {
                    certificate.checkValidity(leaf.getNotBefore());
                }
            } catch (GeneralSecurityException e) {
                reasons.add(ca.getUri() + ": " + e.getMessage());
                continue;
            }
            return checkSct(leaf, issuer);
        }
        return "not issued by a certificate authority of " + rootName + ": " + String.join("; ", reasons);
    }

    @CheckForNull
    private String checkSct(X509Certificate leaf, X509Certificate issuer) {
        byte[] extension = leaf.getExtensionValue(SCT_LIST_OID);
        if (extension == null) {
            return "no embedded SCT (certificate transparency) in the certificate";
        }
        try {
            byte[][] list = Serialization.readList(Serialization.readDEROctetString(
                    Serialization.readDEROctetString(extension)), SCT_LIST_LENGTH_BYTES, SERIALIZED_SCT_LENGTH_BYTES);
            CertificateEntry entry = CertificateEntry.createForPrecertificate(leaf, issuer);
            for (byte[] encoded : list) {
                SignedCertificateTimestamp sct;
                try {
                    sct = SignedCertificateTimestamp.decode(encoded, SignedCertificateTimestamp.Origin.EMBEDDED);
                } catch (SerializationException e) {
                    continue; // one unreadable SCT does not spoil the others
                }
                Optional<TransparencyLog> log = TransparencyLog.find(ctLogs, sct.getLogID(),
                        Instant.ofEpochMilli(sct.getTimestamp()));
                if (log.isPresent() && verifies(sct, entry, ctKeys.get(log.get()))) {
                    return null;
                }
            }
        } catch (SerializationException | CertificateException e) {
            return "unreadable SCT list: " + e.getMessage();
        }
        return "no SCT verifies with a CT log of " + rootName + " valid at its time";
    }

    private boolean verifies(SignedCertificateTimestamp sct, CertificateEntry entry, @CheckForNull PublicKey key) {
        if (key == null) {
            return false;
        }
        try {
            return signatures.verify(sct.getSignature().getAlgorithm(), key, sct.encodeTBS(entry),
                    sct.getSignature().getSignature());
        } catch (GeneralSecurityException | SerializationException | RuntimeException e) {
            return false;
        }
    }
}
