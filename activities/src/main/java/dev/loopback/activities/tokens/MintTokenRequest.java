package dev.loopback.activities.tokens;

import java.time.Duration;

/**
 * @param ttl null for the lifetime's default
 * @param maxUses null for unlimited uses until expiry
 */
public record MintTokenRequest(String description, TokenLifetime lifetime, Duration ttl, Integer maxUses) {}
