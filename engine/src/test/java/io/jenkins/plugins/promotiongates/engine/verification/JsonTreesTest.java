package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link JsonTrees} reads exactly what, and fails exactly where, {@code ObjectMapper.readTree} does, except that a
 * duplicate key is an error where ObjectMapper keeps the last value.
 */
class JsonTreesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".jsonl"))
                    .toList();
            assertThat(json).hasSizeGreaterThan(30);
            return json.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void shouldReadEveryFixtureAsAnObjectMapper(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertSame(text);
        assertThat(JsonTrees.read(bytes)).isEqualTo(MAPPER.readTree(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null", "1", "-2147483649", "9223372036854775808", "1.5", "1e400", "-0.0",
        "1E2", "true", "\"x\"", "[]", "{}", "{\"a\":1,\"b\":\"two\"}", "{\"a\":null,\"b\":[null,{},[]]}",
        "{\"a\":1} trailing", "{\"a\":1} {\"b\":2}", "[1,2", "{\"a\"}", "{'a':1}", "{\"a\":NaN}", "[1,]",
        "{\"s\":\"\\u00e9\\ud83d\\ude00\\n\"}", "{\"n\":12345678901234567890123}", "\uFEFF{}", "{\"a\":01}"})
    void shouldAgreeOnEdgeCases(String json) {
        assertSame(json);
        assertSameBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseADuplicateKeyWithItsPosition() throws Exception {
        String[][] cases = { // json, key, line, column of the second occurrence
            {"{\"a\":1,\"a\":\"two\"}", "a", "1", "8"},
            {"{\"a\":{\"b\":1,\"c\":2,\"b\":3}}", "b", "1", "19"},
            {"[{},{\"x\":[],\n \"x\":null}]", "x", "2", "2"},
            {"{\"a\":1,\"a\":1}", "a", "1", "8"}};
        for (String[] c : cases) {
            String json = c[0];
            assertThat(MAPPER.readTree(json)).as("ObjectMapper keeps the last value").isNotNull();
            for (Read read : List.<Read>of(() -> JsonTrees.read(json),
                    () -> JsonTrees.read(json.getBytes(StandardCharsets.UTF_8)))) {
                assertThat(catchThrowable(read::read)).as(json).isInstanceOfSatisfying(
                        JsonTrees.DuplicateKeyException.class, e -> assertThat(e.getOriginalMessage())
                                .isEqualTo("duplicate key '" + c[1] + "' at line " + c[2] + ", column " + c[3]));
            }
        }
    }

    @Test
    void shouldDetectEncodingsAsAnObjectMapper() {
        assertSameBytes("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_16BE));
        assertSameBytes("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_16));
        assertSameBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    }

    @Test
    void shouldNestAsDeepAsTheParserAllows() {
        assertSame("[".repeat(999) + "]".repeat(999));
        assertSame("[".repeat(1001) + "]".repeat(1001));
    }

    private static void assertSame(String json) {
        Throwable expectedError = catchThrowable(() -> MAPPER.readTree(json));
        Throwable actualError = catchThrowable(() -> JsonTrees.read(json));
        assertSameOutcome(expectedError, actualError);
        if (expectedError == null) {
            JsonNode expected = read(() -> MAPPER.readTree(json));
            JsonNode actual = read(() -> JsonTrees.read(json));
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.getNodeType()).isEqualTo(expected.getNodeType());
            assertThat(actual.toString()).isEqualTo(expected.toString());
        }
    }

    private static void assertSameBytes(byte[] json) {
        Throwable expectedError = catchThrowable(() -> MAPPER.readTree(json));
        Throwable actualError = catchThrowable(() -> JsonTrees.read(json));
        assertSameOutcome(expectedError, actualError);
        if (expectedError == null) {
            assertThat(read(() -> JsonTrees.read(json))).isEqualTo(read(() -> MAPPER.readTree(json)));
        }
    }

    private static void assertSameOutcome(Throwable expected, Throwable actual) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual).isNotNull();
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
    }

    private interface Read {
        JsonNode read() throws IOException;
    }

    private static JsonNode read(Read read) {
        try {
            return read.read();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
