--liquibase formatted sql

--changeset loopback:008-mesh-round-claims
-- A host's mesh changes one round at a time. A network's round claims the hosts it pushes to until
-- it records how it ended; another network's round leaves a claimed host out and plans it again
-- later, so that it composes on the outcome (applied or rolled back) rather than on a revision in
-- flight. A claim older than its lease (a workflow that was terminated) no longer holds.
ALTER TABLE host_mesh_states
    ADD COLUMN round_network uuid,
    ADD COLUMN round_claimed_at timestamptz;
