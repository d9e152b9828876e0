package io.jenkins.plugins.promotiongates.engine.attestation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON with object keys in sorted (UTF-16 code unit) order and no white space, so equal trees give equal bytes:
 * the statement is signed as these bytes, and a golden test pins them. Our statements hold strings, arrays and
 * objects only, so number formatting never matters.
 */
final class CanonicalJson {
    private static final JsonFactory JSON = new JsonFactory();

    private CanonicalJson() {
    }

    static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            write(generator, node);
        } catch (IOException e) {
            // writing to memory does not fail for I/O reasons
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            generator.writeStartObject();
            for (String name : names) {
                generator.writeFieldName(name);
                write(generator, node.get(name));
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (node.isTextual()) {
            generator.writeString(node.textValue());
        } else {
            throw new IllegalArgumentException("canonical JSON here holds strings, arrays and objects, not "
                    + node.getNodeType());
        }
    }
}
