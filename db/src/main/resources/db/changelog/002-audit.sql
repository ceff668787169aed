--liquibase formatted sql

--changeset loopback:002-audit splitStatements:false
-- One hash chain per organization: hash = SHA-256 over the event's fields and prev_hash.
CREATE TABLE audit_events (
    seq              bigserial PRIMARY KEY,
    id               uuid NOT NULL UNIQUE,
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    workspace_id     uuid,
    occurred_at      timestamptz NOT NULL,
    actor            text NOT NULL,
    action           text NOT NULL,
    target           text NOT NULL,
    request_id       text NOT NULL,
    outcome          text NOT NULL,
    detail           text NOT NULL DEFAULT '',
    prev_hash        text NOT NULL,
    hash             text NOT NULL
);
CREATE INDEX audit_events_chain ON audit_events (organization_id, seq);
CREATE INDEX audit_events_workspace ON audit_events (workspace_id, seq);

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
