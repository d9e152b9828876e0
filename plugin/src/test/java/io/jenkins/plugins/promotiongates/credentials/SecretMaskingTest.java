package io.jenkins.plugins.promotiongates.credentials;

import hudson.util.Secret;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking to credentials-binding's level (its {@code SecretPatterns}, {@code BashSecretPatternFactory},
 * {@code DollarSecretPatternFactory}, {@code Base64SecretPatternFactory}, {@code BindingStep.Handler}). Watched
 * failing before the fix: only the literal value was masked, a flush held a partial line back until the next
 * newline, failures were not masked, and no variable was declared sensitive.
 */
class SecretMaskingTest {
    private static final String SECRET = "pa'ss$w0rd";

    private static String through(SecretMasker masker, String... writes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaskingLogFilter.MaskingStream stream = new MaskingLogFilter.MaskingStream(out, masker);
        for (String write : writes) {
            if (write == null) {
                stream.flush();
            } else {
                stream.write(write.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldMaskQuotedEscapedAndEncodedForms() {
        SecretMasker masker = new SecretMasker(List.of(SECRET));
        String base64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(masker.mask("+ curl -u 'pa'\\''ss$w0rd' https://deploy")).isEqualTo("+ curl -u **** https://deploy");
        assertThat(masker.mask("compose: pa'ss$$w0rd")).isEqualTo("compose: ****");
        assertThat(masker.mask("Authorization: Basic " + base64)).isEqualTo("Authorization: Basic ****");
        assertThat(masker.mask("inside " + Base64.getEncoder().encodeToString(("user:" + SECRET).getBytes(StandardCharsets.UTF_8))))
                .as("encoded behind a prefix (another byte alignment)").doesNotContain(base64.substring(4, 12));
        assertThat(masker.mask("ab")).isEqualTo("ab");
    }

    @Test
    void shouldWriteAPartialLineOnFlush() throws IOException {
        String out = through(new SecretMasker(List.of("s3cr3t")), "Enter the deploy token: ", null);
        assertThat(out).isEqualTo("Enter the deploy token: ");
    }

    @Test
    void shouldKeepBackOnlyWhatMayStartASecretOnFlush() throws IOException {
        SecretMasker masker = new SecretMasker(List.of("s3cr3t"));
        assertThat(through(masker, "token s3c", null)).isEqualTo("token ");
        assertThat(through(masker, "token s3c", null, "r3t done\n")).isEqualTo("token **** done\n");
        assertThat(through(masker, "value s3cr3t", null)).isEqualTo("value ****");
    }

    @Test
    void shouldMaskSecretsInFailuresOfTheBlock() {
        MaskingFailureHandler handler = new MaskingFailureHandler(List.of(Secret.fromString(SECRET)));
        IllegalStateException cause = new IllegalStateException("login with " + SECRET + " refused");
        Throwable masked = handler.handle(null, new java.io.IOException("deploy failed", cause));
        assertThat(String.valueOf(masked)).doesNotContain(SECRET);
        assertThat(masked.getCause()).hasMessageContaining("login with ****");
        assertThat(masked.getStackTrace()).isNotEmpty();
        Throwable clean = new java.io.IOException("no secret here");
        assertThat(handler.handle(null, clean)).isSameAs(clean);
    }

    @Test
    void shouldDeclareEveryBoundVariableSensitive() {
        WithPromotionCredentialsStep.SecretExpander expander = new WithPromotionCredentialsStep.SecretExpander(Map.of(
                "PROMOTION_USERNAME", Secret.fromString("deployer"), "PROMOTION_PASSWORD", Secret.fromString(SECRET)));
        assertThat(expander.getSensitiveVariables()).containsExactlyInAnyOrder("PROMOTION_USERNAME", "PROMOTION_PASSWORD");
    }
}
