package dev.tandem;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several Tandem replicas in one JVM: Spring contexts on one fresh PostgreSQL schema (see
 * {@link TestPostgres}), each with its own web server, each otherwise configured by {@code args}.
 */
public final class SharedSchemaReplicas implements AutoCloseable {

  private final String url = TestPostgres.freshSchemaUrl();
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  /** Starts one more replica on the shared schema. */
  public ConfigurableApplicationContext start(String... args) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + TestPostgres.USER, "--spring.datasource.password=" + TestPostgres.PASSWORD,
        "--spring.flyway.schemas=" + schema()));
    all.addAll(List.of(args));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(TandemApplication.class)
        .run(all.toArray(String[]::new));
    contexts.add(context);
    return context;
  }

  /** The JDBC URL of the shared schema. */
  public String url() {
    return url;
  }

  public static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private String schema() {
    return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
  }

  @Override
  public void close() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }
}
