package dev.loopback.protocol.wire;

/** Sizes of the frame layout drawn in {@link FrameDecoder}. */
public final class FrameLimits {
  /** The only frame layout there is so far; a different value means a peer we cannot parse. */
  public static final int FORMAT = 1;
  /** format (1) + type (2) + correlation id (8): the bytes after the length field before the payload. */
  public static final int HEADER_BYTES = 1 + 2 + 8;
  /**
   * Hard ceiling for one frame after the length field. Large enough for facts of a host with many
   * addresses and for certificate chains; bulk data (packages, shell streams) is chunked below it.
   */
  public static final int MAX_FRAME_BYTES = 1024 * 1024;
  /**
   * Ceiling for frames the control plane sends to an agent: a host's whole mesh configuration is one
   * frame, about 160 bytes per peer, so 1 MiB would end a full mesh at ~6,500 hosts. The agent
   * trusts its control plane (pinned CA, mutual TLS); agents' frames keep the 1 MiB ceiling.
   */
  public static final int MAX_CONTROL_FRAME_BYTES = 16 * 1024 * 1024;

  private FrameLimits() {
  }
}
