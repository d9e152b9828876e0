/** Combines every policy condition into a {@code Decision} and renders decisions as text and JSON. */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.gate;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
