package dev.tandem;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.repository.Repository;

/**
 * Spring Data's deferred bootstrap mode ({@code spring.data.jpa.repositories.bootstrap-mode:
 * deferred}) for a start with Spring AOT, where Spring Data leaves it half done. The mode lets
 * Hibernate build its entity manager factory on a background thread while the rest of the context is
 * created; that only overlaps if nothing waits for it early, so Spring Data injects every repository
 * as a lazy proxy and initialises them all when the context is refreshed, before Tandem reports ready.
 * With AOT the background bootstrap is kept but the other two parts are not (the generated context
 * replaces Spring Data's autowire-candidate resolver, and its listener is not registered), so every
 * repository injection waited for Hibernate. This initializer restores both, and only with AOT:
 * without it Spring Data does it itself.
 */
final class DeferredRepositories implements ApplicationContextInitializer<GenericApplicationContext> {

  @Override
  public void initialize(GenericApplicationContext context) {
    if (!AotDetector.useGeneratedArtifacts()) {
      return;
    }
    context.getDefaultListableBeanFactory().setAutowireCandidateResolver(new LazyRepositories());
    context.addApplicationListener(event -> {
      if (event instanceof ContextRefreshedEvent refreshed && refreshed.getApplicationContext() == context) {
        context.getBeansOfType(Repository.class);
      }
    });
  }

  /** Injects a lazy proxy for a repository, as Spring Data's own resolver does in deferred mode. */
  private static final class LazyRepositories extends ContextAnnotationAutowireCandidateResolver {
    @Override
    protected boolean isLazy(DependencyDescriptor descriptor) {
      return Repository.class.isAssignableFrom(descriptor.getDependencyType()) || super.isLazy(descriptor);
    }
  }
}
