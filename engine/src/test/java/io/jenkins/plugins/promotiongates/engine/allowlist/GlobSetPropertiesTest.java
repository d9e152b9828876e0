package io.jenkins.plugins.promotiongates.engine.allowlist;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The prefix-indexed set finds a match exactly when some glob in it matches. */
class GlobSetPropertiesTest {
    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("ab/*?").ofMinLength(1).ofMaxLength(6)
                .filter(text -> !text.contains("***"));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("ab/").ofMaxLength(7);
    }

    @Property(tries = 500)
    void shouldAgreeWithALinearScan(@ForAll @Size(max = 8) List<@net.jqwik.api.From("globs") String> texts,
            @ForAll("values") String value) {
        GlobSet set = GlobSet.compile(texts);

        boolean linear = texts.stream().anyMatch(text -> Glob.compile(text).matches(value));
        String match = set.firstMatch(value);

        assertThat(match != null).isEqualTo(linear);
        if (match != null) {
            assertThat(Glob.compile(match).matches(value)).isTrue();
        }
    }
}
