package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * {@code new ObjectMapper().readTree(…)} without an ObjectMapper: the same nodes (numbers as int, long, BigInteger
 * or double nodes; nothing after the first value read; MissingNode for no content) and the same parser exceptions,
 * except that a duplicate key in an object is an error (a {@link JsonParseException} whose original message names
 * the key, line and column) where ObjectMapper keeps the last value: a document that means one thing to a reader
 * keeping the first value and another to one keeping the last is refused, never interpreted. An ObjectMapper's defaults include a date format whose locale data cost a cold
 * {@code verify} about a tenth of its time, and verification only reads trees. Do not call {@code toString()} on
 * these nodes on a hot path: JsonNode prints itself with an internal ObjectMapper. Public for the attestation
 * package, which reads its own bundles as strictly.
 */
public final class JsonTrees {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** A key that occurs twice in one object; the original message names it, its line and column. */
    public static final class DuplicateKeyException extends JsonParseException {
        private static final long serialVersionUID = 1L;

        DuplicateKeyException(JsonParser parser, String key, JsonLocation at) {
            super(parser, "duplicate key '" + key + "' at line " + at.getLineNr() + ", column " + at.getColumnNr(),
                    at);
        }
    }

    /** As {@code ObjectMapper.readTree(String)}. */
    static JsonNode read(String content) throws JsonProcessingException {
        try {
            return read(JSON.createParser(content));
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw JsonMappingException.fromUnexpectedIOE(e);
        }
    }

    /** As {@code ObjectMapper.readTree(byte[])}. */
    public static JsonNode read(byte[] content) throws IOException {
        return read(JSON.createParser(content));
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        try (parser) {
            JsonToken token = parser.nextToken();
            return token == null ? NODES.missingNode() : value(parser, token);
        }
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next == JsonToken.FIELD_NAME; next = parser.nextToken()) {
                    String name = parser.currentName();
                    JsonLocation at = parser.currentTokenLocation();
                    if (object.replace(name, value(parser, parser.nextToken())) != null) {
                        throw new DuplicateKeyException(parser, name, at);
                    }
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            // JSON text has no BigDecimal or float type of its own: a double node
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            // embedded objects do not occur in JSON text
            default -> throw new JsonMappingException(parser, "Unexpected token " + token);
        };
    }
}
