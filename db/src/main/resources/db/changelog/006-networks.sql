--liquibase formatted sql

--changeset loopback:006-networks
-- WireGuard overlay networks of a workspace. Addresses are IPv4 inside cidr; mtu and
-- persistent_keepalive are the tunnel defaults a host's interface gets (see README, "Mesh").
CREATE TABLE networks (
    id                    uuid PRIMARY KEY,
    organization_id       uuid NOT NULL REFERENCES organizations (id),
    workspace_id          uuid NOT NULL REFERENCES workspaces (id),
    name                  text NOT NULL,
    cidr                  cidr NOT NULL CHECK (family(cidr) = 4 AND masklen(cidr) BETWEEN 8 AND 30),
    mtu                   integer NOT NULL CHECK (mtu BETWEEN 1280 AND 9000),
    persistent_keepalive  integer NOT NULL CHECK (persistent_keepalive BETWEEN 0 AND 3600),
    created_at            timestamptz NOT NULL,
    UNIQUE (workspace_id, name)
);

-- A host's membership: its overlay address is stable while it is a member and released when the
-- row goes. The unique address per network is what makes concurrent joins safe.
CREATE TABLE network_members (
    network_id  uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    host_id     uuid NOT NULL REFERENCES hosts (id),
    address     inet NOT NULL,
    joined_at   timestamptz NOT NULL,
    PRIMARY KEY (network_id, host_id),
    UNIQUE (network_id, address)
);
CREATE INDEX network_members_host ON network_members (host_id);

-- A bridge makes the hosts of two networks peers of each other (stored once, lower id first).
CREATE TABLE network_bridges (
    network_a   uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    network_b   uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (network_a, network_b),
    CHECK (network_a < network_b)
);

-- The public half of the key each agent generated on its host, and its WireGuard port. The private
-- key never leaves the host.
CREATE TABLE host_mesh_identities (
    host_id      uuid PRIMARY KEY REFERENCES hosts (id),
    public_key   text NOT NULL,
    listen_port  integer NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- What each host's interface should be, revision by revision, with the content hash; workflows
-- carry revision numbers and hashes, never configurations.
CREATE TABLE mesh_revisions (
    host_id     uuid NOT NULL REFERENCES hosts (id),
    revision    bigint NOT NULL,
    hash        text NOT NULL,
    config      jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (host_id, revision)
);

-- Where each host is: the revision it should have and the one it reported applied.
CREATE TABLE host_mesh_states (
    host_id           uuid PRIMARY KEY REFERENCES hosts (id),
    desired_revision  bigint NOT NULL,
    applied_revision  bigint NOT NULL DEFAULT 0,
    outcome           text,
    detail            text,
    updated_at        timestamptz NOT NULL
);
