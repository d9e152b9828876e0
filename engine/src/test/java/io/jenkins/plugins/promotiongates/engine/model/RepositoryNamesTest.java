package io.jenkins.plugins.promotiongates.engine.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryNamesTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "github.com/sigstore/sigstore-java",
            "https://github.com/sigstore/sigstore-java",
            "https://github.com/sigstore/sigstore-java.git",
            "https://github.com/sigstore/sigstore-java/",
            "git+https://github.com/sigstore/sigstore-java@refs/tags/v1.0.0",
            "git+https://github.com/sigstore/sigstore-java.git@refs/heads/main",
            "git@github.com:sigstore/sigstore-java.git",
            "ssh://git@github.com/sigstore/sigstore-java",
            "https://GitHub.com/sigstore/sigstore-java",
            "https://github.com:443/sigstore/sigstore-java"
    })
    void shouldNormalizeEverySpellingOfOneRepository(String spelling) {
        assertThat(RepositoryNames.normalize(spelling)).isEqualTo("github.com/sigstore/sigstore-java");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "https://github.com/sigstore/sigstore-java-fork",
            "https://github.com/Sigstore/sigstore-java",
            "https://gitlab.com/sigstore/sigstore-java",
            "github.com/sigstore"
    })
    void shouldKeepOtherRepositoriesDistinct(String other) {
        assertThat(RepositoryNames.normalize(other)).isNotEqualTo("github.com/sigstore/sigstore-java");
    }
}
