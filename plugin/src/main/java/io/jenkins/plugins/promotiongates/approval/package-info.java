@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
