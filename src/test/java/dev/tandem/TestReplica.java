package dev.tandem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Tandem replica in the test's JVM: a whole application context on a random port, on a database
 * other replicas share, with claims that die within about a second ({@link #DEAD_AFTER}).
 */
public final class TestReplica implements AutoCloseable {

  public static final Duration HEARTBEAT = Duration.ofMillis(250);
  public static final int MISSED_HEARTBEATS = 4;
  /** How long after its last heartbeat a claim counts as dead, in these replicas. */
  public static final Duration DEAD_AFTER = HEARTBEAT.multipliedBy(MISSED_HEARTBEATS);

  private final ConfigurableApplicationContext context;

  private TestReplica(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** Starts replica {@code name} on the schema of {@code jdbcUrl} (see {@link TestPostgres#freshSchemaUrl()}). */
  public static TestReplica start(String name, String jdbcUrl, Map<String, String> settings) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", jdbcUrl);
    properties.put("spring.datasource.username", TestPostgres.USER);
    properties.put("spring.datasource.password", TestPostgres.PASSWORD);
    properties.put("spring.flyway.schemas", jdbcUrl.substring(jdbcUrl.indexOf("currentSchema=") + 14));
    properties.put("server.port", "0");
    properties.put("tandem.coordination.instance", name);
    properties.put("tandem.coordination.heartbeat", HEARTBEAT.toMillis() + "ms");
    properties.put("tandem.coordination.missed-heartbeats", Integer.toString(MISSED_HEARTBEATS));
    properties.put("tandem.coordination.polling", "200ms");
    properties.put("tandem.coordination.shutdown-wait", "2s");
    properties.putAll(settings);
    // as command-line arguments: they come before the test configuration's own settings
    String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    return new TestReplica(new SpringApplicationBuilder(TandemApplication.class).run(arguments));
  }

  public int port() {
    return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  public TestHttp http() {
    return new TestHttp(port());
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public <T> T bean(String name, Class<T> type) {
    return context.getBean(name, type);
  }

  @Override
  public void close() {
    context.close();
  }
}
