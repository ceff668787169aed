package dev.loopback.api.hosts;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.updates.AgentUpdates;
import dev.loopback.activities.updates.AgentUpdates.AgentUpdateView;
import dev.loopback.activities.updates.AgentUpdates.RequestUpdate;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.updates.AgentUpdateInput;
import dev.loopback.workflows.updates.AgentUpdateOutcome;
import dev.loopback.workflows.updates.AgentUpdateStatus;
import dev.loopback.workflows.updates.AgentUpdateWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host's agent updates itself: {@code POST} picks the release (the update check's answer, or a
 * pinned version), marks the host {@code UPDATING} and starts {@code agent-update/<host>}; {@code GET}
 * shows the latest update, which ends {@code SUCCEEDED}, {@code REFUSED}, {@code ROLLED_BACK} or
 * {@code FAILED}. The workflow's progress is in Temporal too.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/hosts/{hostId}/agent-update")
class HostAgentUpdateController {
  /** Install, restart, check-in deadline, rollback: bounded well above the longest of them. */
  private static final Duration WORKFLOW_TIMEOUT = Duration.ofHours(2);
  private final AgentUpdates updates;
  private final WorkflowClient temporal;

  HostAgentUpdateController(AgentUpdates updates, WorkflowClient temporal) {
    this.updates = updates;
    this.temporal = temporal;
  }

  @Requires(Capability.DELIVERIES_MANAGE)
  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  AgentUpdateView update(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID hostId,
      @RequestBody(required = false) RequestUpdate request) {
    AgentUpdateInput input = updates.begin(access.actor(), workspaceId, hostId, request);
    AgentUpdateWorkflow workflow = temporal.newWorkflowStub(AgentUpdateWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(AgentUpdateWorkflow.workflowId(hostId.toString()))
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowExecutionTimeout(WORKFLOW_TIMEOUT)
        .build());
    try {
      WorkflowClient.start(workflow::update, input);
    } catch (WorkflowExecutionAlreadyStarted e) {
      updates.finish(new AgentUpdateOutcome(input.updateId(), input.hostId(), AgentUpdateStatus.FAILED, input.fromVersion(),
          "another agent update of this host is still running"));
      throw new ConflictException("another agent update of host " + hostId + " is still running");
    } catch (RuntimeException e) {
      updates.finish(new AgentUpdateOutcome(input.updateId(), input.hostId(), AgentUpdateStatus.FAILED, input.fromVersion(),
          "the update workflow could not be started: " + e.getMessage()));
      throw e;
    }
    return updates.latest(workspaceId, hostId);
  }

  @Requires(Capability.HOSTS_READ)
  @GetMapping
  AgentUpdateView latest(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    return updates.latest(workspaceId, hostId);
  }
}
