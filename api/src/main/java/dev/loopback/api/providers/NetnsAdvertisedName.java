package dev.loopback.api.providers;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.providers.netns.NetnsProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Namespace machines dial the agent gateway at the bridge address, and their agents verify the
 * gateway certificate's names: with the {@code netns} provider on, the bridge address is advertised
 * (in the certificate, and in the endpoint install scripts write) without anyone having to list it.
 */
@Configuration(proxyBeanMethods = false)
class NetnsAdvertisedName {

  @Bean
  static BeanPostProcessor advertiseNetnsBridge(ObjectProvider<NetnsProvider> netns) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AgentChannelSettings settings) {
          NetnsProvider provider = netns.getIfAvailable();
          if (provider != null) {
            return settings.withAdvertisedName(provider.bridgeAddress().getHostAddress());
          }
        }
        return bean;
      }
    };
  }
}
