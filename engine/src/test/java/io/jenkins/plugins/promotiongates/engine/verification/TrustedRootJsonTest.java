package io.jenkins.plugins.promotiongates.engine.verification;

import dev.sigstore.proto.common.v1.HashAlgorithm;
import dev.sigstore.proto.common.v1.PublicKeyDetails;
import dev.sigstore.trustroot.CertificateAuthority;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import dev.sigstore.trustroot.ValidFor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TrustedRootJson} reads every trusted root of the fixtures, docs and demo exactly as sigstore-java's protobuf
 * parser does, and leaves every other form to the library.
 */
class TrustedRootJsonTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path PUBLIC_GOOD = REPO.resolve("engine/src/test/resources/fixtures/trusted-roots/public-good.json");

    /** A root malformed on purpose ({@link TrustedRootValidityTest}): neither parser may be the judge of it. */
    private static final String MALFORMED = "trust-root-tlog-missing-validity-start_fail";

    static Stream<Path> roots() throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String dir : List.of("engine/src/test/resources/fixtures", "docs/examples", "cli/src/main/resources/demo")) {
            try (Stream<Path> files = Files.walk(REPO.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".json")).filter(TrustedRootJsonTest::isTrustedRoot)
                        .filter(f -> !f.toString().contains(MALFORMED)).forEach(roots::add);
            }
        }
        assertThat(roots).hasSizeGreaterThanOrEqualTo(10);
        return roots.stream();
    }

    private static boolean isTrustedRoot(Path file) {
        try {
            return Files.readString(file).contains("\"tlogs\"");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("roots")
    void shouldReadEveryKnownRootAsTheLibraryDoes(Path file) throws Exception {
        String json = Files.readString(file);

        SigstoreTrustedRoot fast = TrustedRootJson.read(json);

        assertThat(fast).as("read without the library").isNotNull();
        assertSame(fast, library(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "proto field name      | \"baseUrl\": \"https://rekor.sigstore.dev\"        | \"base_url\": \"https://rekor.sigstore.dev\"",
            "unknown field         | \"hashAlgorithm\": \"SHA2_256\",                   | \"hashAlgorithm\": \"SHA2_256\", \"extra\": 1,",
            "enum by number        | \"hashAlgorithm\": \"SHA2_256\"                    | \"hashAlgorithm\": 1",
            "unknown enum name     | \"hashAlgorithm\": \"SHA2_256\"                    | \"hashAlgorithm\": \"SHA2_999\"",
            "null required field   | \"baseUrl\": \"https://rekor.sigstore.dev\"        | \"baseUrl\": null",
            "offset timestamp      | \"start\": \"2021-01-12T11:53:27Z\"                | \"start\": \"2021-01-12T12:53:27+01:00\"",
            "leap second           | \"start\": \"2021-01-12T11:53:27Z\"                | \"start\": \"2016-12-31T23:59:60Z\"",
            "lower-case zone       | \"start\": \"2021-01-12T11:53:27Z\"                | \"start\": \"2021-01-12T11:53:27z\"",
            "impossible date       | \"start\": \"2021-01-12T11:53:27Z\"                | \"start\": \"2021-02-30T11:53:27Z\"",
            "unpadded base64       | \"keyId\": \"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=\" | \"keyId\": \"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0\"",
            "url-safe base64       | \"keyId\": \"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=\" | \"keyId\": \"wNI9atQGlz-VWfO6LRygH4QUfY_8W4RFwiT5i5WRgB0=\"",
            "other media type      | \"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.1\" | \"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.2\""})
    void shouldLeaveUnusualFormsToTheLibrary(String name, String usual, String unusual) throws Exception {
        String original = Files.readString(PUBLIC_GOOD);
        assertThat(original).contains(usual.strip());
        String json = original.replace(usual.strip(), unusual.strip());

        assertThat(TrustedRootJson.read(json)).isNull();
        assertParsesAsTheLibrary(json);
    }

    @Test
    void shouldLeaveDuplicateKeysAndTrailingContentToTheLibrary() throws Exception {
        String original = Files.readString(PUBLIC_GOOD).strip();
        String duplicate = original.replaceFirst("\\{", "{\"mediaType\": \"x\",");
        String trailing = original + " {}";

        assertThat(TrustedRootJson.read(duplicate)).isNull();
        assertThat(TrustedRootJson.read(trailing)).isNull();
        assertThat(TrustedRootJson.read("[]")).isNull();
        assertThat(TrustedRootJson.read("not json")).isNull();
        assertParsesAsTheLibrary("not json");
    }

    @Test
    void shouldKnowExactlyTheEnumNamesOfTheLibrarysProtos() {
        assertThat(TrustedRootJson.HASH_ALGORITHMS).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(HashAlgorithm.values()).filter(v -> v != HashAlgorithm.UNRECOGNIZED).map(Enum::name)
                        .toList());
        assertThat(TrustedRootJson.KEY_DETAILS).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PublicKeyDetails.values()).filter(v -> v != PublicKeyDetails.UNRECOGNIZED)
                        .map(Enum::name).toList());
    }

    /** TrustedRoot.parse on JSON the fast reader declines: the library's result, or exactly its error. */
    private static void assertParsesAsTheLibrary(String json) {
        SigstoreTrustedRoot expected;
        try {
            expected = library(json);
        } catch (Exception e) {
            assertThatThrownBy(() -> TrustedRoot.parse(json, "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Trusted root x: not a valid trusted_root.json (" + e.getClass().getSimpleName()
                            + ": " + e.getMessage() + ")");
            return;
        }
        assertThat(TrustedRoot.parse(json, "x").name()).isEqualTo("x");
        assertThat(expected).isNotNull();
    }

    private static SigstoreTrustedRoot library(String json) throws Exception {
        return SigstoreTrustedRoot.from(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertSame(SigstoreTrustedRoot actual, SigstoreTrustedRoot expected) throws Exception {
        assertAuthorities(actual.getCAs(), expected.getCAs());
        assertAuthorities(actual.getTSAs(), expected.getTSAs());
        assertLogs(actual.getTLogs(), expected.getTLogs());
        assertLogs(actual.getCTLogs(), expected.getCTLogs());
    }

    private static void assertAuthorities(List<CertificateAuthority> actual, List<CertificateAuthority> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            CertificateAuthority a = actual.get(i);
            CertificateAuthority e = expected.get(i);
            assertThat(a.getCertPath()).isEqualTo(e.getCertPath());
            assertThat(a.getUri()).isEqualTo(e.getUri());
            assertThat(a.getSubject()).isEqualTo(e.getSubject());
            assertValidity(a.getValidFor(), e.getValidFor());
        }
    }

    private static void assertLogs(List<TransparencyLog> actual, List<TransparencyLog> expected) throws Exception {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            TransparencyLog a = actual.get(i);
            TransparencyLog e = expected.get(i);
            assertThat(a.getBaseUrl()).isEqualTo(e.getBaseUrl());
            assertThat(a.getHashAlgorithm()).isEqualTo(e.getHashAlgorithm());
            assertThat(a.getLogId().getKeyId()).isEqualTo(e.getLogId().getKeyId());
            assertThat(a.getPublicKey().getRawBytes()).isEqualTo(e.getPublicKey().getRawBytes());
            assertThat(a.getPublicKey().getKeyDetails()).isEqualTo(e.getPublicKey().getKeyDetails());
            assertValidity(a.getPublicKey().getValidFor(), e.getPublicKey().getValidFor());
            java.security.PublicKey key = a.getPublicKey().toJavaPublicKey();
            java.security.PublicKey libraryKey = e.getPublicKey().toJavaPublicKey();
            assertThat(key.getClass()).isEqualTo(libraryKey.getClass());
            assertThat(key.getEncoded()).isEqualTo(libraryKey.getEncoded());
            assertThat(key).isEqualTo(libraryKey);
        }
    }

    private static void assertValidity(ValidFor actual, ValidFor expected) {
        assertThat(actual.getStart()).isEqualTo(expected.getStart());
        assertThat(actual.getEnd()).isEqualTo(expected.getEnd());
    }
}
