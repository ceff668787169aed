--liquibase formatted sql

--changeset loopback:012-workspace-module-revisions
-- Every change to a workspace's modules (set or removed) takes the next revision, so that each
-- replica can find the workspaces whose modules changed since it last looked and send the hosts
-- connected to it their new list.
CREATE SEQUENCE workspace_module_revision;
CREATE TABLE workspace_module_changes (
    workspace_id  uuid PRIMARY KEY REFERENCES workspaces (id),
    revision      bigint NOT NULL
);
CREATE INDEX workspace_module_changes_revision ON workspace_module_changes (revision);
