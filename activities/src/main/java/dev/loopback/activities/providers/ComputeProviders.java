package dev.loopback.activities.providers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every {@link ComputeProvider} bean, by name. Providers enabled by settings appear only when enabled. */
@Component
public class ComputeProviders {
  private final Map<String, ComputeProvider> byName = new LinkedHashMap<>();

  public ComputeProviders(List<ComputeProvider> providers) {
    for (ComputeProvider provider : providers) {
      ComputeProvider clash = byName.putIfAbsent(provider.name(), provider);
      if (clash != null) {
        throw new IllegalStateException("Two compute providers are named " + provider.name() + ": "
            + clash.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
  }

  public Optional<ComputeProvider> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The names of the enabled providers, in bean order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
