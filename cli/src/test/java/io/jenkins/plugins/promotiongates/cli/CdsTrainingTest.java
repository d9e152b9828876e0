package io.jenkins.plugins.promotiongates.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's training run must verify (through the plain-argument path) or it trains the archive on errors. */
class CdsTrainingTest {
    @Test
    void shouldVerifyTheDemoArtifactAsTextAndJson() throws Exception {
        assertThat(CdsTraining.run()).isZero();
    }
}
