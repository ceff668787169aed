--liquibase formatted sql

--changeset loopback:005-host-machines
-- The machine behind a host that a compute provider created (adopted hosts have none): which
-- provider and machine, the install token handed to it (its id only; the secret went to the
-- machine), the provider's last reported power state and the outcome of the last power action.
CREATE TABLE host_machines (
    host_id            uuid PRIMARY KEY REFERENCES hosts (id),
    provider           text NOT NULL,
    machine_id         text NOT NULL,
    install_token_id   uuid REFERENCES agent_tokens (id),
    created_at         timestamptz NOT NULL,
    destroyed_at       timestamptz,
    power_state        text CHECK (power_state IN ('CREATING', 'RUNNING', 'OFF', 'GONE', 'ERROR')),
    power_action       text CHECK (power_action IN ('ON', 'OFF', 'RESET')),
    power_outcome      text CHECK (power_outcome IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT')),
    power_detail       text,
    power_changed_at   timestamptz,
    UNIQUE (provider, machine_id)
);
