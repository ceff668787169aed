package dev.loopback.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The control plane on a real HTTP port with the {@code netns} provider on its own bridge and
 * addresses, for tests whose hosts are network namespaces on this machine. One context for all of
 * them. Such tests call {@link NetnsRequirements#assumeUsable()} first: they need root and iproute2.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "loopback.providers.netns.enabled=true",
    "loopback.providers.netns.bridge=lbtest0",
    "loopback.providers.netns.cidr=10.215.0.0/24",
    "loopback.providers.netns.dir=target/netns-it"})
@Import(Fleet.class)
@AutoConfigureMockMvc
@ActiveProfiles("test")
public @interface NetnsTests {
}
