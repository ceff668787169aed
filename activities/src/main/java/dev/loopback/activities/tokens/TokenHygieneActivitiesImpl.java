package dev.loopback.activities.tokens;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.db.tenancy.Workspace;
import dev.loopback.db.tenancy.WorkspaceRepository;
import dev.loopback.db.tokens.AgentToken;
import dev.loopback.db.tokens.AgentTokenRepository;
import dev.loopback.workflows.tokens.TokenHygieneActivities;
import dev.loopback.workflows.tokens.TokenSweepBatch;
import dev.loopback.workflows.tokens.TokenSweepRequest;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each token is changed and audited in its own short transaction, with a conditional UPDATE: a
 * retried or concurrent sweep skips what is already done and never audits a change twice.
 */
@Component
public class TokenHygieneActivitiesImpl implements TokenHygieneActivities {

  private static final String JOB = "token-hygiene";

  private final AgentTokenRepository tokens;
  private final WorkspaceRepository workspaces;
  private final AuditLog audit;
  private final TransactionTemplate transactions;

  TokenHygieneActivitiesImpl(
      AgentTokenRepository tokens, WorkspaceRepository workspaces, AuditLog audit, TransactionTemplate transactions) {
    this.tokens = tokens;
    this.workspaces = workspaces;
    this.audit = audit;
    this.transactions = transactions;
  }

  @Override
  public TokenSweepBatch expireDueTokens(TokenSweepRequest request) {
    List<AgentToken> due = tokens.findDueForExpiry(request.asOf(), request.limit());
    int changed = apply(due, (token, actor) -> {
      if (tokens.markExpired(token.id(), request.asOf()) == 0) {
        return false;
      }
      audit.append(actor, AuditEntry.success(organizationOf(token), token.workspaceId(), "token.expire",
          AgentTokens.target(token), "expired at " + token.expiresAt()));
      return true;
    });
    return new TokenSweepBatch(changed, due.size() == request.limit());
  }

  @Override
  public TokenSweepBatch flagTokensDueForRotation(TokenSweepRequest request) {
    List<AgentToken> due = tokens.findDueForRotation(request.asOf(), request.limit());
    int changed = apply(due, (token, actor) -> {
      if (tokens.markRotationDue(token.id(), request.asOf()) == 0) {
        return false;
      }
      audit.append(actor, AuditEntry.success(organizationOf(token), token.workspaceId(), "token.rotation-due",
          AgentTokens.target(token), "long-lived token created " + token.createdAt() + " is past the workspace's rotation policy"));
      return true;
    });
    return new TokenSweepBatch(changed, due.size() == request.limit());
  }

  private int apply(List<AgentToken> due, BiFunction<AgentToken, Actor, Boolean> change) {
    Actor actor = Actor.system(JOB, requestId());
    int changed = 0;
    for (AgentToken token : due) {
      if (Boolean.TRUE.equals(transactions.execute(status -> change.apply(token, actor)))) {
        changed++;
      }
    }
    return changed;
  }

  private UUID organizationOf(AgentToken token) {
    return workspaces.findById(token.workspaceId()).map(Workspace::organizationId).orElseThrow();
  }

  private static String requestId() {
    var info = Activity.getExecutionContext().getInfo();
    return info.getWorkflowId() + "/" + info.getRunId() + "/" + info.getActivityId();
  }
}
