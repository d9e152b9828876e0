package io.jenkins.plugins.promotiongates.engine.gate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/policy-reference.md lists the gates in the order {@link GateEvaluator#GATES} evaluates them, and no other. */
class GateOrderDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| `(\\w+)` \\|", Pattern.MULTILINE);

    @Test
    void shouldListEveryGateInTheEvaluationOrder() throws IOException {
        String reference = Files.readString(Path.of("../docs/policy-reference.md"));
        String section = reference.substring(reference.indexOf("## Evaluation order and decisions"));
        List<String> documented = new ArrayList<>();
        Matcher row = ROW.matcher(section.substring(0, section.indexOf("Each check has")));
        while (row.find()) {
            assertThat(Integer.parseInt(row.group(1))).isEqualTo(documented.size() + 1);
            documented.add(row.group(2));
        }

        assertThat(documented).containsExactlyElementsOf(GateEvaluator.GATES);
    }
}
