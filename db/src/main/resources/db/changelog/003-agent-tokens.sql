--liquibase formatted sql

--changeset loopback:003-agent-tokens
CREATE TABLE agent_tokens (
    id               uuid PRIMARY KEY,
    workspace_id     uuid NOT NULL REFERENCES workspaces (id),
    lookup           text NOT NULL UNIQUE,
    secret_hash      bytea NOT NULL,
    description      text NOT NULL DEFAULT '',
    lifetime         text NOT NULL CHECK (lifetime IN ('short-lived', 'long-lived')),
    created_at       timestamptz NOT NULL,
    created_by       text NOT NULL,
    expires_at       timestamptz NOT NULL,
    max_uses         integer CHECK (max_uses > 0),
    uses             integer NOT NULL DEFAULT 0,
    last_used_at     timestamptz,
    revoked_at       timestamptz,
    revoked_by       text,
    expired_at       timestamptz,
    rotation_due_at  timestamptz,
    CHECK (max_uses IS NULL OR uses <= max_uses)
);
CREATE INDEX agent_tokens_workspace ON agent_tokens (workspace_id, created_at);
CREATE INDEX agent_tokens_pending_expiry ON agent_tokens (expires_at) WHERE expired_at IS NULL AND revoked_at IS NULL;
