package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import java.lang.reflect.Field;
import org.hibernate.bytecode.internal.none.BytecodeProviderImpl;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Hibernate starts on the thread that creates the context, never on a background one, and generates
 * no classes at run time ({@link NoRuntimeProxies}). Spring Data's
 * deferred (or lazy) bootstrap mode builds the entity manager factory on a background thread while
 * the main thread creates the other beans; Spring Boot made it opt-in again after deadlock reports
 * (spring-boot#23758, spring-framework#34247), and in this project one replica's start in CI stopped
 * for good while Hibernate was being built on that thread. A start that is
 * half a second faster is not worth a replica that can hang while starting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JpaBootstrapTests {

  @Autowired LocalContainerEntityManagerFactoryBean entityManagerFactory;
  @Autowired EntityManagerFactory hibernate;

  @Test
  void theEntityManagerFactoryIsBuiltOnTheStartingThread() {
    assertThat(entityManagerFactory.getBootstrapExecutor()).as("JPA bootstrap executor").isNull();
  }

  @Test
  void hibernateGeneratesNoClassesAtRunTime() {
    BytecodeProvider provider = hibernate.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
        .requireService(BytecodeProvider.class);
    assertThat(provider).as("Hibernate's bytecode provider (NoRuntimeProxies)").isInstanceOf(BytecodeProviderImpl.class);
  }

  /** Without runtime proxies a lazy to-one association would fail when first loaded, not at start. */
  @Test
  void everyToOneAssociationIsEager() {
    for (var entity : hibernate.getMetamodel().getEntities()) {
      for (Field field : entity.getJavaType().getDeclaredFields()) {
        ManyToOne manyToOne = field.getAnnotation(ManyToOne.class);
        OneToOne oneToOne = field.getAnnotation(OneToOne.class);
        FetchType fetch = manyToOne != null ? manyToOne.fetch() : oneToOne != null ? oneToOne.fetch() : FetchType.EAGER;
        assertThat(fetch).as("%s.%s", entity.getName(), field.getName()).isEqualTo(FetchType.EAGER);
      }
    }
  }
}
