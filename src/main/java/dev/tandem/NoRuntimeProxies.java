package dev.tandem;

import java.util.Map;
import org.hibernate.boot.registry.StandardServiceInitiator;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.internal.none.BytecodeProviderImpl;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;
import org.hibernate.service.spi.ServiceRegistryImplementor;

/**
 * Hibernate without classes generated at run time: its "none" bytecode provider in place of Byte
 * Buddy, so a start does not generate a proxy, an instantiator and an accessor class for each of the
 * 17 entities (about a quarter of a second of a start on two cores). Hibernate needs those proxies
 * only for lazy to-one associations and references to unloaded entities ({@code getReference}), which
 * Tandem does not use: its to-one associations are eager. Code that came to need one would fail when
 * it does ("Generation of HibernateProxy instances at runtime is not allowed"). Hibernate finds this
 * class through {@code META-INF/services}; {@code JpaBootstrapTests} checks that it is used.
 */
public final class NoRuntimeProxies implements ServiceContributor {

  @Override
  public void contribute(StandardServiceRegistryBuilder serviceRegistryBuilder) {
    serviceRegistryBuilder.addInitiator(new StandardServiceInitiator<BytecodeProvider>() {
      @Override
      public BytecodeProvider initiateService(Map<String, Object> settings, ServiceRegistryImplementor registry) {
        return new BytecodeProviderImpl();
      }

      @Override
      public Class<BytecodeProvider> getServiceInitiated() {
        return BytecodeProvider.class;
      }
    });
  }
}
