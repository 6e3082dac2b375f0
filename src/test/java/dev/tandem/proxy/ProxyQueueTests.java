package dev.tandem.proxy;

import dev.tandem.heketi.FakeHeketi;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue bookkeeping contract on H2, the embedded default. */
class ProxyQueueTests extends ProxyQueueContract {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:proxyqueue;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    register(registry, HEKETI);
  }

  @Override
  FakeHeketi heketi() {
    return HEKETI;
  }
}
