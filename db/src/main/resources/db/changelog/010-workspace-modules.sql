--liquibase formatted sql

--changeset loopback:010-workspace-modules
-- Which modules the hosts of a workspace run: from a channel, the highest published release their
-- agent can run (version null) or a pinned one, with a policy handed to the module as it is.
-- enabled false stops the module on every host and keeps it installed.
CREATE TABLE workspace_modules (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    name          text NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]{0,40}$' AND name <> 'agent'),
    channel       text NOT NULL REFERENCES release_channels (name),
    version       text,
    enabled       boolean NOT NULL,
    policy        jsonb NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, name)
);
