/**
 * Workflow and activity interfaces, workflow implementations and their input/result records.
 *
 * <p>Deterministic code only: no Spring, JDBC, Netty or I/O; time from {@code Workflow.currentTimeMillis},
 * logs from {@code Workflow.getLogger}. The build enforces the dependency half of this rule
 * (maven-enforcer) and {@code WorkflowsStayDeterministicTest} the import half.
 */
package dev.loopback.workflows;
