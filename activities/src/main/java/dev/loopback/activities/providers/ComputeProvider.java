package dev.loopback.activities.providers;

/**
 * A source of machines: a cloud API, a hypervisor, or network namespaces on this host. See the
 * package documentation for the contract (asynchrony, idempotency, errors) every method keeps.
 */
public interface ComputeProvider {

  /** The provider's stable name, stored with each machine it made (e.g. {@code "netns"}). */
  String name();

  /**
   * Starts creating a machine that runs {@code request.userData()} once at first boot.
   *
   * <p>Returns quickly, in state {@link MachineState#CREATING} or already
   * {@link MachineState#RUNNING}; poll {@link #status} for the rest. A second call with the same
   * host id returns the machine made by the first, in its current state, and ignores the rest of
   * the request.
   *
   * @throws ProviderException when the machine cannot be created; nothing is left behind that a
   *     {@link #destroy} of the returned id would not remove
   */
  MachineHandle create(CreateMachine request);

  /** Destroys the machine and everything it stored. An unknown or already destroyed id is fine. */
  void destroy(String machineId);

  /**
   * Starts a power action. {@link PowerAction#ON} of a running machine and {@link PowerAction#OFF}
   * of a stopped one do nothing.
   *
   * @throws ProviderException not retryable, when the machine is unknown
   */
  void power(String machineId, PowerAction action);

  /** The machine's current state; {@link MachineState#GONE} for an unknown or destroyed id. */
  MachineStatus status(String machineId);
}
