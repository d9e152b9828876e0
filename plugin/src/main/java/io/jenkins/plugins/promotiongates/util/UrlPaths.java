package io.jenkins.plugins.promotiongates.util;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.nio.charset.StandardCharsets;

/**
 * Encodes one URL path segment as core's {@code hudson.Util.rawEncode} does for job names in links: everything but
 * unreserved characters is percent-encoded as UTF-8 ({@code a b} → {@code a%20b}, {@code ?#%/} encoded), so a job
 * called {@code release #2} or {@code a?b} links to itself and not to another page.
 */
@Restricted(NoExternalUse.class)
public final class UrlPaths {
    private UrlPaths() {
    }

    public static String segment(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
