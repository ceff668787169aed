/**
 * The host inventory as operators see it: filtered, paged lists, labels and revocation.
 * {@link dev.loopback.activities.hosts.HostInventory} is the only way in for the API; it derives each
 * host's {@link dev.loopback.activities.hosts.HostState} from stored facts (never stores it), and
 * audits every change in the same transaction. Hosts are created and kept fresh by the agent channel,
 * not here.
 */
package dev.loopback.activities.hosts;
