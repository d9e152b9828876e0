/** Glob patterns and indexed allowlists: which jobs, repositories and artifact names may be promoted. */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.allowlist;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
