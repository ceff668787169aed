package dev.loopback.activities.hosts.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PowerPolicyTest {

  @ParameterizedTest(name = "{0} {1} cordoned={2} → refused={3}")
  @CsvSource({
      // labels,                                   action, cordoned, refused
      "'',                                          OFF,    false,    false",
      "'',                                          RESET,  false,    false",
      "node-role.kubernetes.io/worker=,             OFF,    false,    true",
      "node-role.kubernetes.io/control-plane=,      RESET,  false,    true",
      "node-role.kubernetes.io/worker=,             ON,     false,    false",
      "node-role.kubernetes.io/worker=,             OFF,    true,     false",
      "loopback.dev/role=kubernetes-node,           RESET,  false,    true",
      "loopback.dev/role=kubernetes-node,           RESET,  true,     false",
      "loopback.dev/role=database,                  OFF,    false,    false",
      "kubernetes.io/hostname=web-1,                OFF,    false,    false",
  })
  void hardActionsOnKubernetesNodesNeedTheCordonedFlag(String label, String action, boolean cordoned, boolean refused) {
    Map<String, String> labels = label.isEmpty() ? Map.of() : Map.of(label.substring(0, label.indexOf('=')), label.substring(label.indexOf('=') + 1));

    var refusal = PowerPolicy.refusal(labels, action, cordoned);

    assertThat(refusal.isPresent()).isEqualTo(refused);
    refusal.ifPresent(reason -> assertThat(reason).contains("cordon").contains("\"cordoned\": true"));
  }
}
