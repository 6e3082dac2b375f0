package dev.tandem.web;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** Servlet filters of the web module. */
@Configuration(proxyBeanMethods = false)
class WebFilters {

  /**
   * First of all filters that may read a body: before Spring's FormContentFilter (order -9900) and
   * Spring Security's chain (-100), so nothing reads more than the limit, and no authentication
   * work is spent on a body refused by its declared length.
   */
  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(WebProperties properties,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
    FilterRegistrationBean<BodyLimitFilter> registration =
        new FilterRegistrationBean<>(new BodyLimitFilter(properties.maxBody(), problems));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
