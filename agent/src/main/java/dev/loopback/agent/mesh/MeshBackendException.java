package dev.loopback.agent.mesh;

/** The machine refused a change to the mesh interface, or could not be read; the message says what and why. */
public final class MeshBackendException extends RuntimeException {
  public MeshBackendException(String message) {
    super(message);
  }

  public MeshBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
