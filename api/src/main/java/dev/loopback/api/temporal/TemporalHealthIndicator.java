package dev.loopback.api.temporal;

import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "temporal": the frontend's gRPC health check. */
@Component("temporal")
class TemporalHealthIndicator implements HealthIndicator {

  private final WorkflowServiceStubs stubs;

  TemporalHealthIndicator(WorkflowServiceStubs stubs) {
    this.stubs = stubs;
  }

  @Override
  public Health health() {
    try {
      HealthCheckResponse response = stubs.healthCheck();
      Health.Builder builder =
          response.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? Health.up() : Health.down();
      return builder.withDetail("target", stubs.getOptions().getTarget()).withDetail("status", response.getStatus().name()).build();
    } catch (RuntimeException e) {
      return Health.down(e).withDetail("target", stubs.getOptions().getTarget()).build();
    }
  }
}
