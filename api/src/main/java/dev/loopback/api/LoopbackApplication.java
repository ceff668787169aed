package dev.loopback.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/** The control plane. Wiring only: features live in their packages and in the library modules. */
@SpringBootApplication(scanBasePackages = "dev.loopback")
@EnableJdbcRepositories("dev.loopback.db")
@ConfigurationPropertiesScan("dev.loopback")
public class LoopbackApplication {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(LoopbackApplication.class);
    // Our own signal handling closes the context in order; see GracefulShutdown.
    application.setRegisterShutdownHook(false);
    GracefulShutdown.install(application.run(args));
  }
}
