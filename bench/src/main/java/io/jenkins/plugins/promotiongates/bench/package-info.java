/**
 * JMH benchmarks and their report. Each figure from the benchmarks issue is measured next to a baseline in the
 * same run; {@link io.jenkins.plugins.promotiongates.bench.ReportTable} turns the JSON results into one table.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.bench;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
