/**
 * Structured escalations: when the policy says a human must decide, what the requester tried, why the gate stopped,
 * the evidence it saw and the question the human must answer.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.escalation;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
