package dev.loopback.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole control plane in the test JVM: real embedded PostgreSQL, real embedded Temporal,
 * MockMvc through the real filters, metrics exported as in production. All tests with this annotation share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@Import(Fleet.class)
@AutoConfigureMockMvc
@AutoConfigureObservability
@ActiveProfiles("test")
public @interface ApiTest {}
