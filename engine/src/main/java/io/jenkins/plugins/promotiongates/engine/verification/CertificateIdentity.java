package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** The identity a Fulcio certificate states: its SAN (URI or e-mail) and the OIDC issuer extension. */
record CertificateIdentity(@CheckForNull String san, @CheckForNull String issuer) {
    /** Fulcio issuer (v2): a DER UTF8String. */
    private static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    /** Fulcio issuer (v1, deprecated): the raw string bytes. */
    private static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";

    static CertificateIdentity of(X509Certificate certificate) {
        return new CertificateIdentity(san(certificate), issuer(certificate));
    }

    @CheckForNull
    private static String san(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return null;
            }
            for (int wanted : new int[] {6, 1}) { // URI first (workflows), then rfc822Name (people)
                for (List<?> name : names) {
                    if (name.size() >= 2 && Integer.valueOf(wanted).equals(name.get(0))) {
                        return String.valueOf(name.get(1));
                    }
                }
            }
            return null;
        } catch (CertificateParsingException e) {
            return null;
        }
    }

    @CheckForNull
    private static String issuer(X509Certificate certificate) {
        byte[] v2 = certificate.getExtensionValue(ISSUER_V2);
        if (v2 != null) {
            byte[] inner = derContent(derContent(v2));
            return inner == null ? null : new String(inner, StandardCharsets.UTF_8);
        }
        byte[] v1 = certificate.getExtensionValue(ISSUER_V1);
        if (v1 != null) {
            byte[] inner = derContent(v1);
            return inner == null ? null : new String(inner, StandardCharsets.UTF_8);
        }
        return null;
    }

    /** The content octets of one DER TLV (definite length), or null when malformed. */
    @CheckForNull
    private static byte[] derContent(@CheckForNull byte[] der) {
        if (der == null || der.length < 2) {
            return null;
        }
        int length = der[1] & 0xff;
        int offset = 2;
        if (length > 0x7f) {
            int count = length & 0x7f;
            if (count > 3 || der.length < 2 + count) {
                return null;
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[2 + i] & 0xff);
            }
            offset = 2 + count;
        }
        if (offset + length > der.length) {
            return null;
        }
        return Arrays.copyOfRange(der, offset, offset + length);
    }
}
