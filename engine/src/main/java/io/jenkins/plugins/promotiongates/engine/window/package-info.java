/** Weekly change windows and freeze periods, evaluated in named time zones across DST changes. */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.window;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
