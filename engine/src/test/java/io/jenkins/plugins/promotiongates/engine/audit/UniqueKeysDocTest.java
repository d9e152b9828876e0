package io.jenkins.plugins.promotiongates.engine.audit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/audit.md and docs/state-machine.md name the unique keys the code writes, and no other. */
class UniqueKeysDocTest {
    private static final List<String> WRITTEN = List.of(
            prefix(UniqueKeys.request("c#1")), prefix(UniqueKeys.approvalRequested("c#1")),
            prefix(UniqueKeys.vote("c#1", "v")), prefix(UniqueKeys.voteDiscounted("c#1", "v")),
            prefix(UniqueKeys.approvalClosed("c#1")), prefix(UniqueKeys.approvalConsumed("c#1")),
            prefix(UniqueKeys.finalDecision("c#1")), prefix(UniqueKeys.reviewClosed("c#1")),
            prefix(UniqueKeys.quarantineLifted("user:u", 1)),
            prefix(UniqueKeys.notificationAttempt("approval-needed@1/mail:u", 1)));

    private static String prefix(String key) {
        return key.substring(0, key.indexOf(':') + 1);
    }

    @Test
    void shouldDocumentEveryUniqueKeyTheServiceWrites() throws IOException {
        String audit = Files.readString(Path.of("../docs/audit.md"));
        String machine = Files.readString(Path.of("../docs/state-machine.md"));

        for (String key : WRITTEN) {
            assertThat(audit).as("docs/audit.md names %s", key).contains("`" + key);
            assertThat(machine).as("docs/state-machine.md names %s", key).contains(key);
        }
        assertThat(UniqueKeys.ordinal("shop/backend#42/production", 1)).isEqualTo("shop/backend#42/production#1");
    }
}
