package dev.loopback.api.temporal;

import dev.loopback.api.LoopbackProperties;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import dev.loopback.workflows.SearchAttributes;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Registers our custom search attributes ({@link SearchAttributes}) before any worker starts: a
 * workflow that upserts an unregistered attribute fails its workflow task. Only missing ones are
 * added. A cluster that refuses (no operator permission) is logged, and its operator must add them
 * ({@code temporal operator search-attribute create --name LoopbackWorkspace --type Keyword}, and so on).
 */
@Component
class SearchAttributeRegistration implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistration.class);
  private final WorkflowServiceStubs stubs;
  private final String namespace;

  SearchAttributeRegistration(WorkflowServiceStubs stubs, LoopbackProperties properties) {
    this.stubs = stubs;
    this.namespace = properties.temporal().namespace();
  }

  @Override
  public void afterPropertiesSet() {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    try {
      // One at a time, tolerating ALREADY_EXISTS: the embedded test server has no ListSearchAttributes.
      for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
        register(operator, key);
      }
    } catch (RuntimeException e) {
      log.warn("Could not register search attributes {} in namespace {}: {}. Workflows that set them will fail "
          + "until an operator adds them.", SearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList(), namespace,
          e.getMessage());
    } finally {
      operator.shutdown();
    }
  }

  private void register(OperatorServiceStubs operator, SearchAttributeKey<?> key) {
    try {
      operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
          .setNamespace(namespace).putSearchAttributes(key.getName(), key.getValueType()).build());
      log.info("Registered search attribute {} in namespace {}", key.getName(), namespace);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }
}
