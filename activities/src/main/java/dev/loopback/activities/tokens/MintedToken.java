package dev.loopback.activities.tokens;

/** The only time the secret exists outside the caller's hands: returned once, never stored. */
public record MintedToken(AgentTokenView token, String secret) {}
