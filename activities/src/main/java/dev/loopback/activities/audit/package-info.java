/**
 * The audit log: an append-only, hash-chained record of every sensitive action, one chain per
 * organization. {@link dev.loopback.activities.audit.AuditLog} is the only writer; it appends in the
 * caller's transaction, so an action and its audit event commit or roll back together.
 */
package dev.loopback.activities.audit;
