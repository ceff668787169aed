/**
 * The host's WireGuard mesh: one interface ({@code lbmesh0} by default) carrying every network the
 * host is in, with one private key generated here that never leaves the host ({@link
 * dev.loopback.agent.mesh.HostKeyFile}).
 *
 * <p>{@link dev.loopback.agent.mesh.MeshApplier} owns the interface. Its rules: nothing is touched
 * before {@link dev.loopback.agent.mesh.MeshConfigValidator} accepts a configuration; one apply at a
 * time; a configuration becomes last-known-good only once it is verified and stored, and a failed
 * verification puts the last-known-good back (or removes the interface when there is none); a host
 * in no network has an empty last-known-good and no interface. Every
 * change to the machine goes through {@link dev.loopback.agent.mesh.WireGuardBackend}: {@link
 * dev.loopback.agent.mesh.WgToolsBackend} drives {@code ip} and {@code wg} (kernel WireGuard, else
 * {@code wireguard-go}), {@link dev.loopback.agent.mesh.InMemoryWireGuardBackend} stands in for tests.
 * {@link dev.loopback.agent.mesh.HostMesh} runs the applier on its own thread, off the channel's event loop.
 */
package dev.loopback.agent.mesh;
