--liquibase formatted sql

--changeset loopback:009-catalog
-- The release catalog of the installation: the core agent (component 'agent') and its modules.
-- A channel says whether it offers pre-releases; stable and preview exist from the start.
CREATE TABLE release_channels (
    name                text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,30}$'),
    allows_prereleases  boolean NOT NULL,
    created_at          timestamptz NOT NULL
);
INSERT INTO release_channels (name, allows_prereleases, created_at) VALUES ('stable', false, now()), ('preview', true, now());

-- Ed25519 public keys whose signatures the catalog accepts. The operator holds the private keys.
-- A retired key signs nothing new; releases it signed stay valid (rotation with overlap).
CREATE TABLE signing_keys (
    id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,64}$'),
    public_key  text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz
);

-- One release of a component. version is semver text; its numbers are kept for ordering in SQL.
-- eligibility: 'any' or a semver range the running version must satisfy; requires_core: for a
-- module, the range of core agent versions it works with. Published rows are immutable.
CREATE TABLE releases (
    id              uuid PRIMARY KEY,
    component       text NOT NULL CHECK (component ~ '^[a-z][a-z0-9-]{0,40}$'),
    version         text NOT NULL,
    channel         text NOT NULL REFERENCES release_channels (name),
    eligibility     text NOT NULL,
    requires_core   text,
    module_tags     text[] NOT NULL DEFAULT '{}',
    notes           text NOT NULL DEFAULT '',
    published       boolean NOT NULL DEFAULT false,
    published_at    timestamptz,
    created_at      timestamptz NOT NULL,
    UNIQUE (component, version)
);
CREATE INDEX releases_published ON releases (component, channel) WHERE published;

-- A release's package for one architecture and format, stored under the data directory.
CREATE TABLE release_artifacts (
    release_id          uuid NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    arch                text NOT NULL CHECK (arch ~ '^[a-z0-9_]{1,16}$'),
    format              text NOT NULL CHECK (format IN ('deb', 'tar.gz')),
    file_name           text NOT NULL,
    size                bigint NOT NULL CHECK (size > 0),
    sha512              text NOT NULL CHECK (sha512 ~ '^[0-9a-f]{128}$'),
    signature           text NOT NULL,
    signature_key_id    text NOT NULL REFERENCES signing_keys (id),
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (release_id, arch, format)
);
