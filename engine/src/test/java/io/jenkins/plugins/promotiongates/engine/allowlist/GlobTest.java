package io.jenkins.plugins.promotiongates.engine.allowlist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GlobTest {
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "refs/tags/v*, refs/tags/v1.2.0, true",
            "refs/tags/v*, refs/tags/v1/evil, false",
            "refs/tags/v*, refs/heads/v1, false",
            "shop/**, shop/backend/main, true",
            "shop/*, shop/backend/main, false",
            "shop/*, shop/backend, true",
            "app-?.jar, app-1.jar, true",
            "app-?.jar, app-12.jar, false",
            "app-[0-9].jar, app-7.jar, true",
            "app-[0-9].jar, app-x.jar, false",
            "app-[!0-9].jar, app-x.jar, true",
            "app-[!0-9].jar, app-1.jar, false",
            "a\\*b, a*b, true",
            "a\\*b, axb, false",
            "exact.jar, exact.jar, true",
            "exact.jar, exact.jarx, false",
            "**/*.sql, db/migrations/V1__init.sql, true",
            "**/*.sql, V1__init.sql, false",
            "*.sql, V1__init.sql, true",
            "a.b, axb, false"
    })
    void shouldMatchLikeAShellGlob(String glob, String value, boolean expected) {
        assertThat(Glob.compile(glob).matches(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "app-[0-9.jar | unclosed '['",
            "app-].jar | unmatched ']'",
            "trailing\\ | trailing",
            "a***b | '***'",
            "[] | empty character class",
            "[z-a] | reversed range"
    })
    void shouldRefuseMalformedGlobs(String glob, String problem) {
        assertThatIllegalArgumentException().isThrownBy(() -> Glob.compile(glob)).withMessageContaining(problem);
    }

    @Test
    void shouldTreatGlobsWithoutWildcardsAsLiterals() {
        Glob literal = Glob.compile("sigstore-java-1.0.0.jar");

        assertThat(literal.isLiteral()).isTrue();
        assertThat(literal.literalPrefix()).isEqualTo("sigstore-java-1.0.0.jar");
        assertThat(Glob.compile("sigstore-java-*.jar").literalPrefix()).isEqualTo("sigstore-java-");
    }

    @Test
    void shouldFindMatchesAmongThousandsOfEntries() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            texts.add("team-" + i + "/service/**");
            texts.add("exact-job-" + i);
        }
        GlobSet set = GlobSet.compile(texts);

        assertThat(set.firstMatch("team-4321/service/deploy/main")).isEqualTo("team-4321/service/**");
        assertThat(set.firstMatch("exact-job-17")).isEqualTo("exact-job-17");
        assertThat(set.matches("team-4321/other")).isFalse();
        assertThat(set.matches("exact-job-5000")).isFalse();
        assertThat(set.summary()).contains("… (10000 in all)");
    }

    @Test
    void shouldMatchGlobsWithEmptyLiteralPrefix() {
        GlobSet set = GlobSet.compile(List.of("**/*.sql", "*.md"));

        assertThat(set.firstMatch("db/V1.sql")).isEqualTo("**/*.sql");
        assertThat(set.firstMatch("README.md")).isEqualTo("*.md");
        assertThat(set.matches("docs/README.md")).isFalse();
        assertThat(GlobSet.empty().matches("anything")).isFalse();
    }
}
