--liquibase formatted sql

--changeset loopback:007-mesh-snapshots
-- A host's mesh revision is no longer a whole configuration but what it is made of: the network
-- snapshots it sees (see network_revisions). Revisions stored by 006 were configurations; there is
-- no fleet on them yet, so they go.
DELETE FROM host_mesh_states;
DELETE FROM mesh_revisions;
ALTER TABLE mesh_revisions RENAME COLUMN config TO composition;

-- Each network as an apply round saw it: settings, bridges, members with their keys and endpoints.
-- Immutable; one row per round, not one peer list per host. No foreign key: a deleted network's
-- last snapshot is still part of what its former members have until they are re-planned.
CREATE TABLE network_revisions (
    network_id  uuid NOT NULL,
    revision    bigint NOT NULL,
    snapshot    jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (network_id, revision)
);

-- Where peers reach the host: the address its agent connects from (endpoint_host), unless the
-- operator set one (endpoint_override, host or host:port).
ALTER TABLE host_mesh_identities ADD COLUMN endpoint_host text;
ALTER TABLE host_mesh_identities ADD COLUMN endpoint_override text;
