package io.jenkins.plugins.promotiongates.steps;

import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeAuthorsTest {
    @Test
    void shouldCollectTheAuthorsOfTheRunAndOfTheUpstreamRunsThatTriggeredIt() throws Exception {
        FakeRun first = new FakeRun("7", "paul").authoredBy("carol");
        FakeRun middle = new FakeRun("8", null).authoredBy("erin", "carol");
        middle.causes.add(TestJenkins.upstreamCause(first));
        FakeRun run = new FakeRun("9", null).authoredBy("bob");
        run.causes.add(TestJenkins.upstreamCause(middle));

        ChangeAuthors authors = ChangeAuthors.of(run);

        assertThat(authors.authors()).containsExactly("bob", "erin", "carol");
        assertThat(authors.known()).isTrue();
    }

    @Test
    void shouldNotClaimToKnowTheAuthorsWithoutAnyChangeLogEntry() throws Exception {
        assertThat(ChangeAuthors.of(new FakeRun("42", FakeRun.STARTER))).isEqualTo(new ChangeAuthors(java.util.List.of(), false));
    }

    @Test
    void shouldNotClaimToKnowTheAuthorsWhenAnEntryNamesNobodyOrTheUpstreamRunIsGone() throws Exception {
        FakeRun unresolved = new FakeRun("42", FakeRun.STARTER);
        unresolved.changeSets.add(TestJenkins.changeLog(unresolved, "bob", null, ChangeAuthors.UNKNOWN_USER,
                "mallory\n"));
        FakeRun orphan = new FakeRun().authoredBy("bob");
        orphan.causes.add(TestJenkins.upstreamCause(null));

        assertThat(ChangeAuthors.of(unresolved)).satisfies(a -> {
            assertThat(a.authors()).containsExactly("bob");
            assertThat(a.known()).isFalse();
        });
        assertThat(ChangeAuthors.of(orphan).known()).isFalse();
    }

    @Test
    void shouldStopAtACycleOfUpstreamCauses() throws Exception {
        FakeRun a = new FakeRun("1", null).authoredBy("bob");
        FakeRun b = new FakeRun("2", null).authoredBy("carol");
        a.causes.add(TestJenkins.upstreamCause(b));
        b.causes.add(TestJenkins.upstreamCause(a));

        assertThat(ChangeAuthors.of(a).authors()).containsExactly("bob", "carol");
    }
}
