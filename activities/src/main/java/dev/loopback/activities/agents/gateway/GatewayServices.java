package dev.loopback.activities.agents.gateway;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.enrollment.CertificateRenewal;
import dev.loopback.activities.agents.enrollment.Enrollment;
import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.SessionAdmission;
import java.util.concurrent.ExecutorService;

/**
 * What every channel handler needs, built once by {@link AgentGateway}. {@code blocking} runs the
 * database work of enrollments, hellos and renewals so the event loops never wait on PostgreSQL.
 */
record GatewayServices(
    AgentChannelSettings settings,
    Enrollment enrollment,
    SessionAdmission admission,
    CertificateRenewal renewal,
    AgentSessions sessions,
    HeartbeatRecorder heartbeats,
    RefusalLimiter limiter,
    CheckInSignals checkIns,
    ExecutorService blocking,
    String caPem) {
}
