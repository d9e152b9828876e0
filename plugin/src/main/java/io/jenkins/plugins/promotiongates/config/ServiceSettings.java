package io.jenkins.plugins.promotiongates.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * The settings a {@link PromotionService} is built from.
 *
 * @param policyYaml         the last good policy (validated), or {@code null} when none has been applied yet
 * @param trustedRoot        the trusted root (Sigstore trusted_root.json) text or path, empty for the public good instance
 * @param storeUrl           empty for the embedded store under JENKINS_HOME/promotion-gates, else a PostgreSQL JDBC URL
 * @param storeCredentialsId credentials for the PostgreSQL store, if any
 */
public record ServiceSettings(@CheckForNull String policyYaml, String trustedRoot, String storeUrl,
        String storeCredentialsId) {
}
