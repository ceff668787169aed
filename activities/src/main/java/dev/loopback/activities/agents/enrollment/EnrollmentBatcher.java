package dev.loopback.activities.agents.enrollment;

import dev.loopback.activities.agents.enrollment.Enrollment.Prepared;
import dev.loopback.activities.agents.enrollment.Enrollment.Ready;
import dev.loopback.activities.agents.enrollment.Enrollment.Rejected;
import dev.loopback.activities.audit.Actor;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.RefusalCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits enrollments in batches, one transaction per batch on one thread (group commit).
 *
 * <p>Every enrollment of an organization appends to the same audit chain and most use the same
 * token row, so their commits serialise on two locks whatever we do. Committed one by one from many
 * threads they queue on those locks and each waits for a commit round trip; committed together,
 * the locks are taken once per batch and the fsync is shared. Each enrollment runs in its own
 * savepoint, so one that fails does not take the others with it.
 */
@Component
public class EnrollmentBatcher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EnrollmentBatcher.class);
  private static final int MAX_BATCH = 256;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Enrollment enrollment;
  private final TransactionTemplate batch;
  private final TransactionTemplate savepoint;
  private volatile Thread committer;

  public EnrollmentBatcher(Enrollment enrollment, PlatformTransactionManager transactions) {
    this.enrollment = enrollment;
    this.batch = new TransactionTemplate(transactions);
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /** Blocking: prepares on the calling thread, then waits for the batch that commits it. */
  public EnrollmentOutcome enroll(AgentEnrollRequest request, Actor actor) {
    Prepared prepared = enrollment.prepare(request, actor);
    if (prepared instanceof Rejected rejected) {
      return rejected.refusal();
    }
    Pending pending = new Pending((Ready) prepared, new CompletableFuture<>());
    queue.add(pending);
    try {
      return pending.outcome().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return unavailable(e.getClass().getSimpleName());
    }
  }

  private void commitLoop() {
    List<Pending> taken = new ArrayList<>();
    while (committer == Thread.currentThread()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        taken.add(first);
        queue.drainTo(taken, MAX_BATCH - 1);
        commit(taken);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        taken.clear();
      }
    }
  }

  private void commit(List<Pending> pendings) {
    List<EnrollmentOutcome> outcomes = new ArrayList<>();
    try {
      batch.executeWithoutResult(status -> {
        for (Pending pending : pendings) {
          outcomes.add(inSavepoint(pending.ready()));
        }
      });
    } catch (RuntimeException e) {
      log.warn("A batch of {} enrollments failed to commit", pendings.size(), e);
      pendings.forEach(pending -> pending.outcome().complete(unavailable("the enrollment could not be stored")));
      return;
    }
    for (int i = 0; i < pendings.size(); i++) {
      pendings.get(i).outcome().complete(outcomes.get(i));
    }
  }

  private EnrollmentOutcome inSavepoint(Ready ready) {
    try {
      return savepoint.execute(status -> enrollment.commit(ready));
    } catch (RuntimeException e) {
      log.warn("An enrollment failed inside its batch; the others go on", e);
      return unavailable("the enrollment could not be stored");
    }
  }

  private static EnrollmentOutcome unavailable(String why) {
    return new EnrollmentOutcome.Refused(RefusalCode.UNAVAILABLE, "the control plane could not finish the enrollment: " + why);
  }

  @Override
  public void start() {
    Thread thread = new Thread(this::commitLoop, "enrollment-commit");
    thread.setDaemon(true);
    committer = thread;
    thread.start();
  }

  @Override
  public void stop() {
    Thread thread = committer;
    committer = null;
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    queue.forEach(pending -> pending.outcome().complete(unavailable("the control plane is stopping")));
  }

  @Override
  public boolean isRunning() {
    return committer != null;
  }

  private record Pending(Ready ready, CompletableFuture<EnrollmentOutcome> outcome) {
  }
}
