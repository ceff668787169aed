package dev.loopback.api.scheduling;

/**
 * A workflow that runs on a cron schedule.
 *
 * @param id the schedule id on a cluster, and the workflow id of the cron workflow on the test server
 * @param workflowType the workflow interface, whose simple name is the Temporal workflow type
 * @param cron UNIX cron, 5 fields, UTC
 */
public record ScheduledWorkflow(String id, Class<?> workflowType, Object input, String cron, String taskQueue) {}
