package io.jenkins.plugins.promotiongates.engine.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML or JSON into {@link PolicyNode}s with locations. Streaming, so that every key keeps its line and
 * column (Jackson's tree model forgets them). Duplicate keys are errors, not "last one wins". So are the YAML
 * features that make the text mean something other than what it shows: anchors, aliases (Jackson passes an alias on
 * as the plain string of its name, so {@code [*x]} would silently become {@code ['x']}), merge keys and tags. Control
 * and invisible characters (see {@link Identifiers#forbiddenCodePoint}) are refused in keys and values, line breaks
 * and tabs excepted in values.
 */
final class TreeParser {
    /** Big enough for tens of thousands of rules, small enough to refuse a runaway file. */
    static final int MAX_CODE_POINTS = 16 * 1024 * 1024;
    private static final String STANDARD_TAGS = "tag:yaml.org,2002:";

    private final String file;
    private final List<PolicyError> errors;

    TreeParser(String file, List<PolicyError> errors) {
        this.file = file;
        this.errors = errors;
    }

    /** The document root, or null when the text is not well-formed (the error is recorded). */
    PolicyNode parse(String text) {
        // Editors on Windows may save a byte-order mark; it is not part of the document.
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (JsonParser parser = factoryFor(content).createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                errors.add(new PolicyError(new Location(file, 1, 1), "", "the policy is empty", List.of()));
                return null;
            }
            PolicyNode root = read(parser, "");
            if (parser.nextToken() != null) {
                errors.add(new PolicyError(location(parser.currentTokenLocation()), "",
                        "only one document is allowed, but more content follows", List.of()));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            errors.add(new PolicyError(where == null ? new Location(file, 1, 1) : location(where), "",
                    "not well-formed: " + e.getOriginalMessage(), List.of()));
            return null;
        } catch (IOException e) {
            errors.add(new PolicyError(new Location(file, 1, 1), "", "cannot read the policy: " + e.getMessage(),
                    List.of()));
            return null;
        }
    }

    private static JsonFactory factoryFor(String content) {
        String trimmed = content.stripLeading();
        if (trimmed.startsWith("{")) {
            // Duplicate keys are detected (with both locations) while building the tree.
            return new JsonFactory();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(true);
        return YAMLFactory.builder().loaderOptions(options).build();
    }

    private PolicyNode read(JsonParser parser, String path) throws IOException {
        Location here = location(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser yaml) {
            refuseAmbiguity(yaml, here, path);
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, PolicyNode.Field> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyLocation = location(parser.currentTokenLocation());
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (parser instanceof YAMLParser && "<<".equals(key)) {
                        errors.add(new PolicyError(keyLocation, childPath, "merge key '<<' is not allowed: write "
                                + "every key out where it applies", List.of()));
                    }
                    checkCharacters(key, keyLocation, childPath, false);
                    parser.nextToken();
                    PolicyNode value = read(parser, childPath);
                    PolicyNode.Field previous = fields.get(key);
                    if (previous != null) {
                        errors.add(new PolicyError(keyLocation, childPath, "duplicate key '" + key
                                + "' (first defined at line " + previous.keyLocation().line() + ")", List.of()));
                    } else {
                        fields.put(key, new PolicyNode.Field(key, keyLocation, value));
                    }
                }
                return new PolicyNode.MapNode(here, fields);
            }
            case START_ARRAY -> {
                List<PolicyNode> items = new ArrayList<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, path + "[" + index++ + "]"));
                }
                return new PolicyNode.ListNode(here, items);
            }
            case VALUE_STRING -> {
                checkCharacters(parser.getText(), here, path, true);
                return new PolicyNode.Scalar(here, PolicyNode.Scalar.Kind.STRING, parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return new PolicyNode.Scalar(here, PolicyNode.Scalar.Kind.INTEGER, parser.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new PolicyNode.Scalar(here, PolicyNode.Scalar.Kind.DECIMAL, parser.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new PolicyNode.Scalar(here, PolicyNode.Scalar.Kind.BOOLEAN, parser.getText());
            }
            case VALUE_NULL -> {
                return new PolicyNode.Scalar(here, PolicyNode.Scalar.Kind.NULL, "null");
            }
            default -> throw new JsonParseProblem(parser, "unexpected " + token);
        }
    }

    /**
     * Anchors, aliases and tags: an alias arrives as a string token carrying the alias' name, an anchor and a tag
     * as the object id and type id of the token they decorate.
     */
    private void refuseAmbiguity(YAMLParser yaml, Location here, String path) throws IOException {
        if (yaml.isCurrentAlias()) {
            errors.add(new PolicyError(here, path, "alias '*" + yaml.getText() + "' is not allowed: write the "
                    + "value out (an alias would otherwise be read as the plain string '" + yaml.getText() + "')",
                    List.of()));
        }
        String anchor = yaml.getObjectId();
        if (anchor != null) {
            errors.add(new PolicyError(here, path, "anchor '&" + anchor + "' is not allowed: write the value out "
                    + "where it is used", List.of()));
        }
        String tag = yaml.getTypeId();
        if (tag != null) {
            // Jackson reports "!never" as "never" and "!!str" by its full name.
            String written = tag.startsWith(STANDARD_TAGS) ? "!!" + tag.substring(STANDARD_TAGS.length())
                    : tag.startsWith("!") ? tag : "!" + tag;
            errors.add(new PolicyError(here, path, "tag '" + written + "' is not allowed: quote the value if it is a "
                    + "string", List.of()));
        }
    }

    private void checkCharacters(String text, Location here, String path, boolean allowLineBreaks) {
        int index = Identifiers.forbiddenCodePoint(text, allowLineBreaks);
        if (index >= 0) {
            errors.add(new PolicyError(here, path, "contains " + Identifiers.describeCodePointAt(text, index)
                    + " at index " + index + " (invisible and control characters make one value look like another)",
                    List.of()));
        }
    }

    private Location location(JsonLocation where) {
        // editors and CI annotations count from 1; Jackson answers 0 or -1 when it does not know
        return new Location(file, Math.max(where.getLineNr(), 1), Math.max(where.getColumnNr(), 1));
    }

    /** A structural surprise from the parser, reported like a syntax error. */
    private static final class JsonParseProblem extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseProblem(JsonParser parser, String message) {
            super(parser, message);
        }
    }
}
