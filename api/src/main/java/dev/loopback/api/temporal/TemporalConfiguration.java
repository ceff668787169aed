package dev.loopback.api.temporal;

import dev.loopback.api.DependencyUnreachableException;
import dev.loopback.api.LoopbackProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Temporal connection: the embedded server when {@code LOOPBACK_TEMPORAL_TARGET} is unset. */
@Configuration(proxyBeanMethods = false)
class TemporalConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedTemporalHandle embeddedTemporal(LoopbackProperties properties) {
    return new EmbeddedTemporalHandle(properties.temporal().embedded()
        ? Optional.of(EmbeddedTemporal.start(properties.temporal().embeddedPort()))
        : Optional.empty());
  }

  /** Connects and health-checks at startup, so an unreachable cluster fails fast. */
  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(LoopbackProperties properties, EmbeddedTemporalHandle embedded) {
    String target = embedded.server().map(EmbeddedTemporal::target).orElse(properties.temporal().target());
    WorkflowServiceStubsOptions options = WorkflowServiceStubsOptions.newBuilder().setTarget(target).build();
    try {
      return WorkflowServiceStubs.newConnectedServiceStubs(options, Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      throw new DependencyUnreachableException("Temporal", target, "LOOPBACK_TEMPORAL_TARGET", e);
    }
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, LoopbackProperties properties) {
    return WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(properties.temporal().namespace()).build());
  }

  @Bean
  ScheduleClient scheduleClient(WorkflowServiceStubs stubs, LoopbackProperties properties) {
    return ScheduleClient.newInstance(stubs,
        ScheduleClientOptions.newBuilder().setNamespace(properties.temporal().namespace()).build());
  }

  @Bean
  WorkerFactory workerFactory(WorkflowClient client) {
    return WorkerFactory.newInstance(client);
  }

  record EmbeddedTemporalHandle(Optional<EmbeddedTemporal> server) implements AutoCloseable {

    @Override
    public void close() {
      server.ifPresent(EmbeddedTemporal::close);
    }
  }
}
