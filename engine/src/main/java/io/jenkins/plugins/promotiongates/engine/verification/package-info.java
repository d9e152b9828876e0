/**
 * Artifact verification: streaming digests, Sigstore bundles verified offline against admin-provided trusted roots,
 * and SLSA provenance checked against expectations. Every failure is a {@link
 * io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure} value with expected and actual values.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
