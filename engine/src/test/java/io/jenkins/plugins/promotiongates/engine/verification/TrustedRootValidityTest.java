package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A trusted root whose log key or authority has no validity start, or an end before its start, is refused when it
 * is loaded, naming the file and the JSON path (issue 19; conformance {@code trust-root-tlog-missing-validity-start_fail}).
 */
class TrustedRootValidityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path PUBLIC_GOOD = FIXTURES.resolve("trusted-roots/public-good.json");

    @Test
    void shouldRefuseTheConformanceRootWhoseLogKeyHasNoValidityStart() throws Exception {
        Path root = FIXTURES.resolve("conformance/trust-root-tlog-missing-validity-start_fail/trusted_root.json");

        assertThatThrownBy(() -> TrustedRoot.load(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Trusted root " + root + ": tlogs[")
                .hasMessageContaining(".publicKey.validFor.start is missing");
    }

    @ParameterizedTest(name = "{0}[{1}]")
    @CsvSource({
            "tlogs, 0, publicKey, tlogs[0] (https://rekor.sigstore.dev).publicKey",
            "ctlogs, 1, publicKey, ctlogs[1] (https://ctfe.sigstore.dev/2022).publicKey",
            "certificateAuthorities, 1, '', certificateAuthorities[1] (https://fulcio.sigstore.dev)",
            "timestampAuthorities, 0, '', timestampAuthorities[0] (https://timestamp.sigstore.dev/api/v1/timestamp)"})
    void shouldRefuseAValidityWithoutStart(String section, int index, String key, String path) throws Exception {
        ObjectNode root = publicGood();
        validFor(root, section, index, key).remove("start");

        assertThatThrownBy(() -> TrustedRoot.parse(root.toString(), "root.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Trusted root root.json: " + path + ".validFor.start is missing: expected the start of "
                        + "the validity period (an absent start is not an unbounded one)");
    }

    @ParameterizedTest(name = "{0}[{1}]")
    @CsvSource({
            "tlogs, 1, publicKey, tlogs[1] (https://log2025-1.rekor.sigstore.dev).publicKey",
            "ctlogs, 0, publicKey, ctlogs[0] (https://ctfe.sigstore.dev/test).publicKey",
            "certificateAuthorities, 0, '', certificateAuthorities[0] (https://fulcio.sigstore.dev)",
            "timestampAuthorities, 0, '', timestampAuthorities[0] (https://timestamp.sigstore.dev/api/v1/timestamp)"})
    void shouldRefuseAnInvertedValidity(String section, int index, String key, String path) throws Exception {
        ObjectNode root = publicGood();
        ObjectNode validFor = validFor(root, section, index, key);
        validFor.put("start", "2024-01-01T00:00:00Z");
        validFor.put("end", "2023-12-31T23:59:59.999Z");

        assertThatThrownBy(() -> TrustedRoot.parse(root.toString(), "root.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Trusted root root.json: " + path + ".validFor is inverted: expected an end at or after "
                        + "the start 2024-01-01T00:00:00Z, found end 2023-12-31T23:59:59.999Z");
    }

    @Test
    void shouldRefuseAnAuthorityWithoutAnyValidity() throws Exception {
        ObjectNode root = publicGood();
        ((ObjectNode) root.get("certificateAuthorities").get(0)).remove("validFor");

        assertThatThrownBy(() -> TrustedRoot.parse(root.toString(), "root.json"))
                .hasMessageContaining("certificateAuthorities[0] (https://fulcio.sigstore.dev).validFor.start is missing");
    }

    @Test
    void shouldReadProtoFieldNamesAsTheLibraryDoes() throws Exception {
        String root = Files.readString(PUBLIC_GOOD, StandardCharsets.UTF_8).replace("\"validFor\"", "\"valid_for\"")
                .replace("\"publicKey\"", "\"public_key\"");
        assertThat(TrustedRoot.parse(root, "proto-names.json").name()).isEqualTo("proto-names.json");

        String noStart = root.replaceFirst("\"start\": *\"[^\"]*\",?", "");
        assertThatThrownBy(() -> TrustedRoot.parse(noStart, "proto-names.json"))
                .hasMessageContaining("tlogs[0] (https://rekor.sigstore.dev).publicKey.validFor.start is missing");
    }

    @Test
    void shouldAcceptAnEmptyOrOpenValidity() throws Exception {
        ObjectNode root = publicGood();
        ObjectNode validFor = validFor(root, "tlogs", 0, "publicKey");
        validFor.put("end", validFor.get("start").asText()); // one instant: [start, start] is a closed interval

        assertThat(TrustedRoot.parse(root.toString(), "root.json").name()).isEqualTo("root.json");
        assertThat(TrustedRoot.load(PUBLIC_GOOD).name()).as("open ends").isEqualTo(PUBLIC_GOOD.toString());
    }

    private static ObjectNode publicGood() throws Exception {
        return (ObjectNode) MAPPER.readTree(PUBLIC_GOOD.toFile());
    }

    private static ObjectNode validFor(ObjectNode root, String section, int index, String key) {
        ObjectNode entry = (ObjectNode) root.get(section).get(index);
        return (ObjectNode) (key.isEmpty() ? entry : entry.get(key)).get("validFor");
    }
}
