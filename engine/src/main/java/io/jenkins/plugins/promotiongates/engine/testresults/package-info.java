/**
 * Test evidence from JUnit XML reports: a pure reader that the plugin runs on the agent and the CLI runs locally,
 * so both hand the engine the same {@link io.jenkins.plugins.promotiongates.engine.model.TestEvidence}.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.testresults;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
