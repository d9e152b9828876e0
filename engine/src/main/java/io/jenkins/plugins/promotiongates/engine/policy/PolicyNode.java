package io.jenkins.plugins.promotiongates.engine.policy;

import java.util.List;
import java.util.Map;

/** The policy document as a tree that remembers where every key and value was, for located errors. */
sealed interface PolicyNode {
    Location location();

    /** What the node is, as a message shows it ("a map", "a list", "a string", …). */
    String describe();

    record MapNode(Location location, Map<String, Field> fields) implements PolicyNode {
        @Override
        public String describe() {
            return "a map";
        }
    }

    record Field(String key, Location keyLocation, PolicyNode value) {
    }

    record ListNode(Location location, List<PolicyNode> items) implements PolicyNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    record Scalar(Location location, Kind kind, String text) implements PolicyNode {
        enum Kind {
            STRING, INTEGER, DECIMAL, BOOLEAN, NULL
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "the string '" + text + "'";
                case INTEGER, DECIMAL -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "nothing (null)";
            };
        }
    }
}
