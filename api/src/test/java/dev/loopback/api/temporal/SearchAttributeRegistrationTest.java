package dev.loopback.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.api.ApiTest;
import io.temporal.api.enums.v1.IndexedValueType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ApiTest
class SearchAttributeRegistrationTest {
  @Autowired WorkflowServiceStubs stubs;

  @Test
  void theEmbeddedTemporalKnowsOurSearchAttributesAfterStart() {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    try {
      // The test server cannot list them; adding one again tells whether it is there.
      for (String name : new String[] {"LoopbackWorkspace", "LoopbackHostState"}) {
        assertThatThrownBy(() -> operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace("default").putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD).build()))
            .as(name).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
      }
    } finally {
      operator.shutdown();
    }
  }
}
