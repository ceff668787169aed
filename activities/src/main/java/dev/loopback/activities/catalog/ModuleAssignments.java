package dev.loopback.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.db.catalog.CatalogRepository;
import dev.loopback.db.catalog.Release;
import dev.loopback.db.catalog.WorkspaceModule;
import dev.loopback.db.catalog.WorkspaceModuleRepository;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.messages.DesiredModule;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.UpdateCheckResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which modules the hosts of a workspace run, and what that means for one host: for each module, the
 * release its agent should run (the pinned one, or the highest of the channel that admits the host's
 * agent version and has a package for its architecture) and the policy. A module with no such
 * release for a host is left out of its list, which stops it there; the log says why.
 */
@Service
public class ModuleAssignments {
  private static final Logger log = LoggerFactory.getLogger(ModuleAssignments.class);
  /** Modules are unpacked from tar.gz packages. */
  static final String FORMAT = "tar.gz";
  private final WorkspaceModuleRepository assignments;
  private final CatalogRepository catalog;
  private final HostRepository hosts;
  private final UpdateIndex index;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Clock clock;

  public ModuleAssignments(WorkspaceModuleRepository assignments, CatalogRepository catalog, HostRepository hosts, UpdateIndex index,
      AuditLog audit, ObjectMapper json, Clock clock) {
    this.assignments = assignments;
    this.catalog = catalog;
    this.hosts = hosts;
    this.index = index;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** @param version null: the highest published release the host's agent can run; enabled null: true; policy null: {} */
  public record SetModule(String channel, String version, Boolean enabled, JsonNode policy) {
  }

  public record ModuleView(String name, String channel, String version, boolean enabled, JsonNode policy, java.time.Instant updatedAt) {
  }

  @Transactional
  public ModuleView set(Actor actor, UUID organizationId, UUID workspaceId, String name, SetModule request) {
    if (name == null || !UpdateCheck.COMPONENT.matcher(name).matches() || UpdateCheck.AGENT.equals(name)) {
      throw new InvalidFieldException("name", "must be a module name (lowercase letters, digits, '-'), not 'agent'");
    }
    if (request.channel() == null || catalog.channels().stream().noneMatch(c -> c.name().equals(request.channel()))) {
      throw new InvalidFieldException("channel", request.channel() == null ? "is required" : "'" + request.channel() + "' is not a release channel");
    }
    String version = null;
    if (request.version() != null) {
      version = Versions.parse("version", request.version()).toString();
      Optional<Release> release = catalog.findRelease(name, version).filter(Release::published);
      if (release.isEmpty() || !release.get().channel().equals(request.channel())) {
        throw new InvalidFieldException("version", name + " " + version + " is not published on channel " + request.channel());
      }
    }
    JsonNode policy = request.policy() == null ? json.createObjectNode() : request.policy();
    if (!policy.isObject()) {
      throw new InvalidFieldException("policy", "must be a JSON object");
    }
    WorkspaceModule module = new WorkspaceModule(workspaceId, name, request.channel(), version,
        request.enabled() == null || request.enabled(), policy.toString(), clock.instant());
    assignments.save(module);
    audit.append(actor, AuditEntry.success(organizationId, workspaceId, "module.assign", "module:" + name,
        (module.enabled() ? "enabled" : "disabled") + ", channel " + module.channel() + (version == null ? "" : ", version " + version)));
    return view(module);
  }

  public List<ModuleView> list(UUID workspaceId) {
    return assignments.of(workspaceId).stream().map(this::view).toList();
  }

  @Transactional
  public void remove(Actor actor, UUID organizationId, UUID workspaceId, String name) {
    if (!assignments.delete(workspaceId, name)) {
      throw new NotFoundException("module " + name + " in workspace " + workspaceId);
    }
    audit.append(actor, AuditEntry.success(organizationId, workspaceId, "module.remove", "module:" + name, null));
  }

  /**
   * What the host's agent should run now — every module, so a module left out is stopped (one removed
   * while the host was away, too). Empty when there is nothing to say: an unknown host, or a workspace
   * with no modules and a host that reports running none.
   */
  public Optional<ModulesDesiredRequest> desiredFor(UUID hostId) {
    Optional<Host> host = hosts.findById(hostId);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    List<WorkspaceModule> modules = assignments.of(host.get().workspaceId());
    if (modules.isEmpty() && !runsModules(host.get().modulesJson())) {
      return Optional.empty();
    }
    String arch = PackageArch.ofFacts(host.get().factsJson());
    UpdateCheck check = index.current();
    List<DesiredModule> desired = new ArrayList<>();
    for (WorkspaceModule module : modules) {
      if (!module.enabled()) {
        desired.add(new DesiredModule(module.name(), false, module.policyJson(), null));
        continue;
      }
      Optional<UpdateOffer> release = check.release(module.name(), module.channel(), module.version(), arch, FORMAT, host.get().agentVersion());
      if (release.isEmpty()) {
        log.atWarn().addKeyValue("hostId", hostId).addKeyValue("module", module.name()).addKeyValue("arch", arch)
            .addKeyValue("agentVersion", host.get().agentVersion())
            .log("No published release of the module fits this host (architecture, agent version): it is not run there");
        continue;
      }
      UpdateOffer o = release.get();
      desired.add(new DesiredModule(module.name(), true, module.policyJson(), new UpdateCheckResponse(true, o.component(), o.version(),
          o.channel(), o.arch(), o.format(), o.size(), o.sha512(), o.signature(), o.signatureKeyId(), o.url(), o.notes())));
    }
    return Optional.of(new ModulesDesiredRequest(desired));
  }

  /** Whether the host's last heartbeat reported a module other than the mesh (which is part of the core agent). */
  private boolean runsModules(String modulesJson) {
    try {
      if (modulesJson != null) {
        for (JsonNode module : json.readTree(modulesJson)) {
          if (!"mesh".equals(module.path("name").asText())) {
            return true;
          }
        }
      }
    } catch (JsonProcessingException e) {
      return false;
    }
    return false;
  }

  private ModuleView view(WorkspaceModule module) {
    try {
      return new ModuleView(module.name(), module.channel(), module.version(), module.enabled(), json.readTree(module.policyJson()),
          module.updatedAt());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored module policy is unreadable", e);
    }
  }
}
