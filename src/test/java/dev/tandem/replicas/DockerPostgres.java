package dev.tandem.replicas;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.tandem.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A {@link PrivatePostgres} in a container of {@link TestPostgres#newContainer()}'s image. Its host port
 * is fixed (a free loopback port chosen at start), so that the replicas' JDBC URL still holds after a
 * restart; a restart is docker stop and start of the same container, which keeps its data volume.
 */
final class DockerPostgres implements PrivatePostgres {

  private final PostgreSQLContainer container;
  private final DockerClient docker = DockerClientFactory.instance().client();

  private DockerPostgres(PostgreSQLContainer container) {
    this.container = container;
  }

  static DockerPostgres start() {
    int port = Replica.freePort();
    PostgreSQLContainer container = TestPostgres.newContainer()
        .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200")
        .withCreateContainerCmdModifier(create -> create.getHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(5432))));
    try {
      container.start();
    } catch (RuntimeException e) {
      PrivatePostgres.unavailable("the PostgreSQL container did not start: " + e.getMessage());
    }
    return new DockerPostgres(container);
  }

  @Override
  public String jdbcUrl() {
    return container.getJdbcUrl();
  }

  @Override
  public String user() {
    return container.getUsername();
  }

  @Override
  public String password() {
    return container.getPassword();
  }

  /** docker stop: the postgres images stop the server with a fast shutdown, ending every session. */
  @Override
  public void stopServer() {
    docker.stopContainerCmd(container.getContainerId()).withTimeout(60).exec();
  }

  @Override
  public void startServer() {
    docker.startContainerCmd(container.getContainerId()).exec();
    Assertions.assertTrue(accepts(Duration.ofSeconds(60)),
        "the PostgreSQL container did not accept connections again at " + jdbcUrl());
  }

  @Override
  public void destroy() {
    container.stop();
  }
}
