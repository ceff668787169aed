package dev.loopback.activities.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ComputeProvidersTest {

  @Test
  void findsProvidersByNameAndListsThemInBeanOrder() {
    ComputeProviders providers = new ComputeProviders(List.of(named("netns"), named("cloud")));

    assertThat(providers.names()).containsExactly("netns", "cloud");
    assertThat(providers.find("cloud")).get().extracting(ComputeProvider::name).isEqualTo("cloud");
    assertThat(providers.find("vmware")).isEmpty();
  }

  @Test
  void isEmptyWhenNoProviderIsEnabled() {
    assertThat(new ComputeProviders(List.of()).names()).isEmpty();
  }

  @Test
  void refusesTwoProvidersWithTheSameName() {
    assertThatThrownBy(() -> new ComputeProviders(List.of(named("netns"), named("netns"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Two compute providers are named netns");
  }

  @Test
  void keepsTheUserDataOutOfTheRequestsToString() {
    CreateMachine request = new CreateMachine(UUID.randomUUID(), "web-1", null, "token=lbt_secret");

    assertThat(request.toString()).doesNotContain("lbt_secret").contains("web-1");
    assertThat(request.spec()).isEmpty();
  }

  private static ComputeProvider named(String name) {
    return new ComputeProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public MachineHandle create(CreateMachine request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void destroy(String machineId) {}

      @Override
      public void power(String machineId, PowerAction action) {}

      @Override
      public MachineStatus status(String machineId) {
        return MachineStatus.of(machineId, MachineState.GONE);
      }
    };
  }
}
