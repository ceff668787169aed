package dev.loopback.api.scheduling;

import dev.loopback.api.LoopbackProperties;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.tokens.TokenHygieneInput;
import dev.loopback.workflows.tokens.TokenHygieneWorkflow;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The control plane's scheduled workflows, installed once the workers are polling. */
@Component
class ScheduledWork {

  private final ScheduledWorkflowInstaller installer;
  private final LoopbackProperties properties;

  ScheduledWork(ScheduledWorkflowInstaller installer, LoopbackProperties properties) {
    this.installer = installer;
    this.properties = properties;
  }

  List<ScheduledWorkflow> all() {
    return List.of(
        new ScheduledWorkflow(TokenHygieneWorkflow.WORKFLOW_ID, TokenHygieneWorkflow.class,
            new TokenHygieneInput(TokenHygieneInput.DEFAULT_BATCH_SIZE), properties.schedules().tokenHygiene(),
            TaskQueues.CONTROL));
  }

  @EventListener(ApplicationReadyEvent.class)
  void install() {
    all().forEach(installer::install);
  }
}
