--liquibase formatted sql

--changeset loopback:001-tenancy
CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);

CREATE TABLE workspaces (
    id                   uuid PRIMARY KEY,
    organization_id      uuid NOT NULL REFERENCES organizations (id),
    name                 text NOT NULL,
    token_rotation_days  integer NOT NULL DEFAULT 90 CHECK (token_rotation_days > 0),
    created_at           timestamptz NOT NULL,
    UNIQUE (organization_id, name)
);

CREATE TABLE users (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    name             text NOT NULL,
    created_at       timestamptz NOT NULL,
    UNIQUE (organization_id, name)
);

-- Only a SHA-256 of the secret is stored; lookup is the public part of the key used to find the row.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id),
    lookup       text NOT NULL UNIQUE,
    secret_hash  bytea NOT NULL,
    description  text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_user ON api_keys (user_id);

-- workspace_id NULL means the binding covers the whole organization (and its org-level actions).
CREATE TABLE role_bindings (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    workspace_id     uuid REFERENCES workspaces (id),
    role             text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'owner')),
    created_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX role_bindings_one_per_workspace ON role_bindings (user_id, workspace_id) WHERE workspace_id IS NOT NULL;
CREATE UNIQUE INDEX role_bindings_one_per_org ON role_bindings (user_id, organization_id) WHERE workspace_id IS NULL;
