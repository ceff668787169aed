--liquibase formatted sql

--changeset loopback:004-hosts
-- A host of a workspace. lifecycle is what workflows decide (PENDING until check-in completes
-- bring-up, then MANAGED, UPDATING, DEGRADED, FAILED); connectivity is not stored here but derived
-- from agent_sessions and last_seen_at, so a crashed replica cannot leave hosts "connected".
CREATE TABLE hosts (
    id                uuid PRIMARY KEY,
    organization_id   uuid NOT NULL REFERENCES organizations (id),
    workspace_id      uuid NOT NULL REFERENCES workspaces (id),
    name              text NOT NULL,
    lifecycle         text NOT NULL CHECK (lifecycle IN ('PENDING', 'MANAGED', 'UPDATING', 'DEGRADED', 'FAILED')),
    labels            jsonb NOT NULL DEFAULT '{}'::jsonb,
    agent_version     text,
    protocol_version  integer,
    facts             jsonb,
    modules           jsonb,
    uptime_seconds    bigint,
    created_at        timestamptz NOT NULL,
    enrolled_at       timestamptz,
    enrolled_with     uuid REFERENCES agent_tokens (id),
    last_seen_at      timestamptz,
    revoked_at        timestamptz,
    revoked_by        text
);
CREATE INDEX hosts_workspace ON hosts (workspace_id, created_at, id);
CREATE INDEX hosts_labels ON hosts USING gin (labels jsonb_path_ops);

-- Every client certificate issued to a host. The gateway accepts a certificate only if its serial
-- is here for the host its subject names and the host is not revoked.
CREATE TABLE host_certificates (
    serial          text PRIMARY KEY,
    host_id         uuid NOT NULL REFERENCES hosts (id),
    issued_at       timestamptz NOT NULL,
    not_after       timestamptz NOT NULL,
    reason          text NOT NULL CHECK (reason IN ('enrollment', 'renewal'))
);
CREATE INDEX host_certificates_host ON host_certificates (host_id, issued_at);

-- Which control-plane replica holds each agent's channel (at most one row per host: a newer
-- session replaces an older one, and an old session's goodbye must not delete its successor).
CREATE TABLE agent_sessions (
    host_id       uuid PRIMARY KEY REFERENCES hosts (id),
    session_id    uuid NOT NULL,
    replica_id    text NOT NULL,
    remote_address text NOT NULL,
    connected_at  timestamptz NOT NULL
);
CREATE INDEX agent_sessions_replica ON agent_sessions (replica_id);

-- A token minted for one pre-registered host: enrolling with it claims that host record.
ALTER TABLE agent_tokens ADD COLUMN host_id uuid REFERENCES hosts (id);

-- The agent-channel CA, shared by all replicas. The private key is PKCS#8 encrypted with a
-- passphrase that is never stored in the database (see the README, "Agent channel CA").
CREATE TABLE certificate_authorities (
    name               text PRIMARY KEY,
    certificate_pem    text NOT NULL,
    encrypted_key_pem  text NOT NULL,
    created_at         timestamptz NOT NULL
);
