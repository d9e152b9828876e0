/**
 * Notifications: who hears about a promotion and what they read (pure, from audit events, the policy and a
 * recipient directory), and the outbox that delivers them off the decision path, recording each attempt in the audit
 * trail. A failing mail server or webhook never delays, allows or changes a decision: nothing here is called by a
 * gate or a vote.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.notification;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
