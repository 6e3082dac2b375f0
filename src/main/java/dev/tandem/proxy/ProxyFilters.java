package dev.tandem.proxy;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The proxy's servlet filters, ordered before Spring Security's chain so they run before any authentication. */
@Configuration(proxyBeanMethods = false)
class ProxyFilters {

  @Bean
  FilterRegistrationBean<LoopGuard> loopGuard() {
    FilterRegistrationBean<LoopGuard> registration = new FilterRegistrationBean<>(new LoopGuard());
    registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
    return registration;
  }
}
