--liquibase formatted sql

--changeset loopback:011-agent-updates
-- One row per agent update asked for a host (the workflow agent-update/<host> carries it out). While
-- one is UPDATING the host's lifecycle is UPDATING too, which is what makes it one at a time.
CREATE TABLE agent_updates (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    workspace_id     uuid NOT NULL REFERENCES workspaces (id),
    host_id          uuid NOT NULL REFERENCES hosts (id),
    from_version     text,
    to_version       text NOT NULL,
    channel          text NOT NULL REFERENCES release_channels (name),
    check_in_seconds integer NOT NULL,
    status           text NOT NULL CHECK (status IN ('UPDATING', 'SUCCEEDED', 'REFUSED', 'ROLLED_BACK', 'FAILED')),
    running_version  text,
    reason           text,
    requested_by     text NOT NULL,
    requested_at     timestamptz NOT NULL,
    finished_at      timestamptz
);
CREATE INDEX agent_updates_host ON agent_updates (host_id, requested_at DESC);
