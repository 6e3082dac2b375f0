package dev.tandem.proxy;

import dev.tandem.TestPostgres;
import dev.tandem.heketi.FakeHeketi;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue bookkeeping contract on a real PostgreSQL (see {@link TestPostgres}). */
class ProxyQueueOnPostgresTests extends ProxyQueueContract {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    TestPostgres.register(registry);
    register(registry, HEKETI);
  }

  @Override
  FakeHeketi heketi() {
    return HEKETI;
  }
}
