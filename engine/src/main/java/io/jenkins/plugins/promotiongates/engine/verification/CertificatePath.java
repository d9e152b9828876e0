package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A certificate authority's chain from a trusted root put in path order (the certificate that issues leaves first,
 * the trust anchor last) by issuer/subject names and authority/subject key identifiers, whatever order the file
 * lists them in. The chain must form exactly one path: each certificate but the anchor has exactly one issuer in
 * the chain, no certificate issues two, and every certificate is on it. The anchor may be self-signed or an
 * intermediate (protobuf-specs {@code CertificateAuthority.cert_chain}). Names and key identifiers only: the chain
 * is the admin's trust decision, so its links are not re-verified here (a leaf's signature by the first is).
 *
 * @param certificates in path order; empty when {@code problem} is set
 * @param problem      why the chain is not one path, or null
 */
record CertificatePath(List<X509Certificate> certificates, @CheckForNull String problem) {
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";

    CertificatePath {
        certificates = List.copyOf(certificates);
    }

    /** Orders {@code chain}, or says why it is not one path. */
    static CertificatePath of(List<X509Certificate> chain) {
        int n = chain.size();
        if (n == 0) {
            return failed("the chain is empty");
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (chain.get(i).equals(chain.get(j))) { // X509Certificate equality compares the encodings
                    return failed("certificate " + (j + 1) + " repeats certificate " + (i + 1));
                }
            }
        }
        int[] parent = new int[n];
        int[] children = new int[n];
        int anchors = 0;
        for (int i = 0; i < n; i++) {
            X509Certificate certificate = chain.get(i);
            parent[i] = -1;
            for (int j = 0; j < n && !issues(certificate, certificate); j++) { // a self-issued one is an anchor
                if (j != i && issues(chain.get(j), certificate)) {
                    if (parent[i] >= 0) {
                        return failed("certificate " + (i + 1) + " (" + subject(certificate) + ") has two "
                                + "issuers in the chain");
                    }
                    parent[i] = j;
                }
            }
            if (parent[i] < 0) {
                anchors++;
            } else {
                children[parent[i]]++;
            }
        }
        if (anchors != 1) {
            return failed(anchors + " certificates are issued by no other certificate of the chain; one path has "
                    + "exactly one trust anchor");
        }
        int bottom = -1;
        for (int i = 0; i < n; i++) {
            if (children[i] > 1) {
                return failed("certificate " + (i + 1) + " (" + subject(chain.get(i)) + ") issues " + children[i]
                        + " certificates of the chain");
            }
            if (children[i] == 0) {
                bottom = i;
            }
        }
        List<X509Certificate> path = new ArrayList<>();
        for (int i = bottom; i >= 0 && path.size() <= n; i = parent[i]) {
            path.add(chain.get(i));
        }
        if (path.size() != n) { // a cycle, or certificates off the path
            return failed("only " + Math.min(path.size(), n) + " of its " + n + " certificates form a path");
        }
        return new CertificatePath(path, null);
    }

    private static CertificatePath failed(String problem) {
        return new CertificatePath(List.of(), "the certificate chain does not form one path: " + problem);
    }

    /** Whether {@code issuer}'s name and key identifier are those {@code certificate} names as its issuer. */
    static boolean issues(X509Certificate issuer, X509Certificate certificate) {
        if (!issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        byte[] authority = authorityKeyId(certificate);
        byte[] subject = subjectKeyId(issuer);
        return authority == null || subject == null || Arrays.equals(authority, subject);
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    @CheckForNull
    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(AUTHORITY_KEY_ID);
        return extension == null ? null : AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension)
                .getOctets()).getKeyIdentifierOctets();
    }

    @CheckForNull
    private static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(SUBJECT_KEY_ID);
        return extension == null ? null : SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension)
                .getOctets()).getKeyIdentifier();
    }
}
