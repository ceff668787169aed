package dev.loopback.workflows.hosts;

/** The machine the provider is creating, and the install token minted for it (id only: its secret went to the machine). */
public record ProvisionResult(MachineRef machine, String tokenId) {
}
