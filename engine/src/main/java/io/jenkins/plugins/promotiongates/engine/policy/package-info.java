/** Policy as code: parses and validates the policy file into immutable values, with located errors. */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
