package dev.loopback.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.protocol.messages.ModuleState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostTest {
  @TempDir
  Path tmp;

  @Test
  void namesArchitecturesTheWayUnameDoes() {
    assertThat(LinuxHost.unameArchitecture("amd64")).isEqualTo("x86_64");
    assertThat(LinuxHost.unameArchitecture("aarch64")).isEqualTo("aarch64");
    assertThat(LinuxHost.unameArchitecture("arm64")).isEqualTo("aarch64");
    assertThat(LinuxHost.unameArchitecture("riscv64")).isEqualTo("riscv64");
  }

  @Test
  void takesTheOsNameFromPrettyNameInOsRelease() throws IOException {
    Path osRelease = Files.writeString(tmp.resolve("os-release"), "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");

    assertThat(LinuxHost.prettyName(osRelease)).isEqualTo("Debian GNU/Linux 12 (bookworm)");
  }

  @Test
  void countsUptimeFromTheAgentsStart() throws IOException {
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    LinuxHost host = new LinuxHost("1.0.0", nanos::get, tmp.resolve("missing"));

    nanos.addAndGet(61_500_000_000L);

    assertThat(host.uptimeSeconds()).isEqualTo(61);
  }

  @Test
  void reportsNoLoopbackAddressesAndTheSameFactsWhenNothingChanged() {
    LinuxHost host = new LinuxHost("1.0.0");

    assertThat(host.facts().addresses()).noneMatch(a -> a.equals("127.0.0.1") || a.equals("0:0:0:0:0:0:0:1"));
    assertThat(host.facts().hostname()).isNotBlank();
    assertThat(host.facts()).isEqualTo(host.facts());
  }

  @Test
  void reportsTheModuleStatesItIsGivenAtEachCall() {
    AtomicReference<List<ModuleState>> modules = new AtomicReference<>(List.of());
    LinuxHost host = new LinuxHost("1.0.0", modules::get);
    assertThat(host.modules()).isEmpty();

    modules.set(List.of(new ModuleState("mesh", "7", "failed", "revision 8 rolled back")));

    assertThat(host.modules()).containsExactly(new ModuleState("mesh", "7", "failed", "revision 8 rolled back"));
  }
}
