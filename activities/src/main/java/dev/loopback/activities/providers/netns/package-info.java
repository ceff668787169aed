/**
 * The {@code netns} compute provider: real local machines made of Linux namespaces, for
 * development, demos and end-to-end tests of the real agent package.
 *
 * <p>A machine is a network namespace {@code lb-<id>} on a host bridge, a copy-on-write view of the
 * host's OS (overlays on /usr, /etc, /var, /opt, /root) mounted in a private mount namespace, a PID
 * namespace whose PID 1 is a small init ({@code resources/netns/loopback-netns-init}), and a
 * systemctl shim ({@code resources/netns/systemctl}) that runs simple services the way systemd
 * would. It is not systemd and not a security boundary: root in a machine is root on the host.
 *
 * <p>{@link dev.loopback.activities.providers.netns.NetnsProvider} is the only entry point. The
 * rules that protect the host: nothing is ever mounted in the host's mount namespace (boot.sh
 * mounts inside the machine's), so a machine's directory is deleted only when mountinfo shows
 * nothing under it, and never through a symlink ({@link dev.loopback.activities.providers.netns.SafeDelete});
 * machine ids are validated before they reach a path or a command line; and the user data, which
 * holds an install token, goes into a 0600 file in the machine and nowhere else.
 */
package dev.loopback.activities.providers.netns;
