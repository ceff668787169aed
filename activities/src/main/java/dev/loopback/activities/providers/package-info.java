/**
 * Where hosts come from: the {@link dev.loopback.activities.providers.ComputeProvider} SPI, through
 * which the control plane creates, powers and destroys the machines it then enrolls, and
 * {@link dev.loopback.activities.providers.ComputeProviders}, the registry of every provider bean.
 *
 * <p>The contract every provider keeps, so that workflows can retry any call blindly:
 * <ul>
 *   <li><b>Asynchronous.</b> {@code create} and {@code power} start work and return; the caller
 *       polls {@code status} until the machine reaches the state it wants. A provider may finish the
 *       work before returning, but callers must not rely on it.
 *   <li><b>Idempotent.</b> {@code create} is keyed by the host id: repeating it returns the machine
 *       already made for that host, whatever state it is in. {@code destroy} of an unknown or
 *       already destroyed machine succeeds. Repeating a power action is harmless.
 *   <li><b>Errors say whether to retry.</b> Every failure is a
 *       {@link dev.loopback.activities.providers.ProviderException}; {@code retryable()} is true for
 *       transient causes (a timeout, an API rate limit) and false when repeating cannot help.
 *   <li><b>User data is a secret.</b> It carries an install token: providers never log it and
 *       never pass it on a command line.
 * </ul>
 *
 * <p>A provider backed by a cloud API is one more {@code @Component} implementing the interface,
 * enabled by its own settings; it maps the API's server states onto
 * {@link dev.loopback.activities.providers.MachineState} and the API's server id onto the machine id.
 */
package dev.loopback.activities.providers;
