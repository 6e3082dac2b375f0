package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.repository.Repository;

/**
 * With Spring AOT, a repository is injected as a lazy proxy (so the bean that needs it does not wait
 * for Hibernate, which starts in the background) and every repository is created when the context is
 * refreshed (so Tandem reports ready only once they all are). The context stands in for an AOT one:
 * no Spring Data, only the bean factory's resolver and the refresh listener are exercised.
 */
class DeferredRepositoriesTests {

  public interface Things extends Repository<Object, Long> {}

  static final List<String> created = new ArrayList<>();

  public static final class UsesThings {
    final Things things;

    public UsesThings(Things things) {
      this.things = things;
      created.add("user");
    }
  }

  @AfterEach
  void aotOff() {
    System.clearProperty("spring.aot.enabled");
    created.clear();
  }

  @Test
  void withAotTheUserIsCreatedBeforeTheRepositoryWhichIsCreatedByTheRefresh() {
    System.setProperty("spring.aot.enabled", "true");
    try (GenericApplicationContext context = context()) {
      new DeferredRepositories().initialize(context);
      context.refresh();

      assertThat(created).containsExactly("user", "things");
      assertThat(context.getBean(UsesThings.class).things).isNotSameAs(context.getBean(Things.class));
    }
  }

  @Test
  void withoutAotTheRepositoryIsInjectedAsItIs() {
    try (GenericApplicationContext context = context()) {
      new DeferredRepositories().initialize(context);
      context.refresh();

      assertThat(created).containsExactly("things", "user");
      assertThat(context.getBean(UsesThings.class).things).isSameAs(context.getBean(Things.class));
    }
  }

  private static GenericApplicationContext context() {
    GenericApplicationContext context = new GenericApplicationContext();
    context.registerBean("things", Things.class, () -> {
      created.add("things");
      return new Things() {};
    }, definition -> definition.setLazyInit(true));
    context.registerBean("user", UsesThings.class);
    return context;
  }
}
