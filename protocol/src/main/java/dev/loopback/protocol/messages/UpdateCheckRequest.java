package dev.loopback.protocol.messages;

/**
 * The update check over the channel, for agents that reach only the gateway: the same question and
 * rules as {@code GET /system/v1/updates/{component}} (docs/catalog.md). A bad field is answered with
 * a {@link CommandFailure} {@code invalid_request} whose message starts with the field's name.
 *
 * @param format null: any; coreVersion: the core agent's version, for a module (null for the agent)
 */
public record UpdateCheckRequest(String component, String channel, String version, String arch, String format, String coreVersion)
    implements Message {
}
