package dev.loopback.activities.agents.gateway;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.enrollment.CertificateRenewal;
import dev.loopback.activities.agents.enrollment.EnrollmentBatcher;
import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.SessionAdmission;
import dev.loopback.activities.catalog.ModulePushes;
import dev.loopback.activities.catalog.UpdateIndex;
import dev.loopback.activities.mesh.MeshIdentities;
import java.util.concurrent.ExecutorService;

/**
 * What every channel handler needs, built once by {@link AgentGateway}. {@code blocking} runs the
 * database work of hellos and renewals so the event loops never wait on PostgreSQL; enrollments
 * have their own pool ({@code enrolling}) so that a wave of new hosts never delays the reconnects
 * of known ones.
 */
record GatewayServices(
    AgentChannelSettings settings,
    EnrollmentBatcher enrollments,
    SessionAdmission admission,
    CertificateRenewal renewal,
    AgentSessions sessions,
    HeartbeatRecorder heartbeats,
    RefusalLimiter limiter,
    CheckInSignals checkIns,
    MeshIdentities meshIdentities,
    UpdateIndex updates,
    ModulePushes modules,
    ExecutorService blocking,
    ExecutorService enrolling,
    String caPem) {
}
