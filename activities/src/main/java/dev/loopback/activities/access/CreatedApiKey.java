package dev.loopback.activities.access;

/** Returned once at creation; the secret is not stored and cannot be shown again. */
public record CreatedApiKey(ApiKeyView key, String secret) {}
