package dev.loopback.api.hosts;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.hosts.HostInventory;
import dev.loopback.activities.hosts.power.PowerActions;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.power.PowerActionRequest;
import dev.loopback.workflows.power.PowerActionStatus;
import dev.loopback.workflows.power.PowerActionWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
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
 * Power actions on provisioned hosts ({@code power:act}), asynchronous: the request is checked and
 * audited, the power workflow asks the provider and polls it; {@code GET} shows how it went.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/hosts/{hostId}/power")
class HostPowerController {
  private static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);
  private static final Duration MAX_DEADLINE = Duration.ofHours(1);
  private final PowerActions actions;
  private final HostInventory inventory;
  private final WorkflowClient temporal;

  HostPowerController(PowerActions actions, HostInventory inventory, WorkflowClient temporal) {
    this.actions = actions;
    this.inventory = inventory;
    this.temporal = temporal;
  }

  /**
   * @param action {@code ON}, {@code OFF} or {@code RESET}
   * @param cordoned required true for {@code OFF}/{@code RESET} on a Kubernetes node: you cordoned and drained it
   * @param deadline how long the machine may take to reach the target state; default 5 minutes, at most an hour
   */
  record PowerRequest(String action, Boolean cordoned, Duration deadline) {}

  @Requires(Capability.POWER_ACT)
  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  PowerActionStatus act(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID hostId,
      @RequestBody PowerRequest request) {
    Duration deadline = request.deadline() == null ? DEFAULT_DEADLINE : request.deadline();
    if (deadline.compareTo(Duration.ofSeconds(10)) < 0 || deadline.compareTo(MAX_DEADLINE) > 0) {
      throw new InvalidFieldException("deadline", "deadline must be between PT10S and " + MAX_DEADLINE + ", got " + deadline);
    }
    boolean cordoned = Boolean.TRUE.equals(request.cordoned());
    try {
      actions.check(workspaceId, hostId, request.action(), cordoned);
    } catch (ConflictException refused) {
      actions.audit(access.actor(), hostId, "host.power", request.action() + " refused: " + refused.getMessage(), true);
      throw refused;
    }
    PowerActionWorkflow workflow = temporal.newWorkflowStub(PowerActionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(PowerActionWorkflow.workflowId(hostId.toString()))
        .setTaskQueue(TaskQueues.CONTROL)
        .build());
    try {
      WorkflowClient.start(workflow::act, new PowerActionRequest(hostId.toString(), workspaceId.toString(), request.action(),
          cordoned, deadline));
    } catch (WorkflowExecutionAlreadyStarted running) {
      throw new ConflictException("a power action is already running on host " + hostId + ": wait for it (GET this URL)");
    }
    actions.audit(access.actor(), hostId, "host.power", request.action() + (cordoned ? " (cordoned)" : ""), false);
    return new PowerActionStatus(hostId.toString(), request.action(), "IN_PROGRESS", null, null);
  }

  /** The last power action on the host: in progress, or how it ended. */
  @Requires(Capability.HOSTS_READ)
  @GetMapping
  PowerActionStatus last(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    inventory.get(workspaceId, hostId);
    try {
      PowerActionStatus status = temporal.newWorkflowStub(PowerActionWorkflow.class, PowerActionWorkflow.workflowId(hostId.toString()))
          .status();
      if (status == null) {
        throw new NotFoundException("power action on host " + hostId);
      }
      return status;
    } catch (WorkflowNotFoundException e) {
      throw new NotFoundException("power action on host " + hostId);
    }
  }
}
