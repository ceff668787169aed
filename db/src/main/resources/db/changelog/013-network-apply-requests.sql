--liquibase formatted sql

--changeset loopback:013-network-apply-requests
-- When a change last woke the network's apply workflow and the workflow has not planned since: other
-- changes meanwhile need not signal it again (the planning it is about to do reads them). NULL once
-- it plans; a mark older than 30 s is ignored, so a lost signal delays a change at most that long.
ALTER TABLE networks ADD COLUMN apply_requested_at timestamptz;
