package dev.loopback.protocol.messages;

public enum MeshApplyOutcome {
  APPLIED,
  REFUSED,
  ROLLED_BACK
}
