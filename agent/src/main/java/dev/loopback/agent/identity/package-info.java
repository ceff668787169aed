/**
 * The host's identity: its host id, its private key (made here, never sent anywhere), its client
 * certificate and the CA. Rule: an identity is replaced whole, never file by file, so a crash can
 * never pair a key with a certificate for another key.
 */
package dev.loopback.agent.identity;
