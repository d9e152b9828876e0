package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactDigesterTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"0", "1", "262143", "262144", "262145", "1000003"})
    void shouldMatchTheJdkDigestForFilesAndStreamsOfAnySize(int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path file = Files.write(temp.resolve("artifact"), content);
        for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm.jcaName()).digest(content));

            assertThat(ArtifactDigester.digest(file, algorithm)).isEqualTo(new Digest(algorithm, expected));
            assertThat(ArtifactDigester.digest(new ByteArrayInputStream(content), algorithm))
                    .isEqualTo(new Digest(algorithm, expected));
        }
    }

    @ParameterizedTest
    @EnumSource(Digest.Algorithm.class)
    void shouldDigestTheGenuineReleaseJarToItsPublishedDigest(Digest.Algorithm algorithm) throws Exception {
        Path jar = CorpusTest.FIXTURES.resolve("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar");

        Digest digest = ArtifactDigester.digest(jar, algorithm);

        assertThat(digest.algorithm()).isEqualTo(algorithm);
        if (algorithm == Digest.Algorithm.SHA256) {
            assertThat(digest.hex()).isEqualTo("5be26f1777a351a2f770e91dbceae0aaa3f6e26e8ad218c6ac16caa783a5aa0d");
        }
    }
}
