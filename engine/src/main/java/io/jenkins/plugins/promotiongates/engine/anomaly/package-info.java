@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.anomaly;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
