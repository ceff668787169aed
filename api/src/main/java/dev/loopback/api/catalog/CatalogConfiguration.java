package dev.loopback.api.catalog;

import dev.loopback.activities.catalog.CatalogFiles;
import dev.loopback.api.LoopbackProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

  /** Packages live with the rest of the data: {@code <data dir>/catalog}. */
  @Bean
  CatalogFiles catalogFiles(LoopbackProperties properties) {
    return new CatalogFiles(properties.dataDir().resolve("catalog"));
  }
}
