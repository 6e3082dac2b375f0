package dev.tandem.provisioning;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * {@link ScriptedHostExecutors} for a Tandem a test starts itself (a source of a
 * {@code SpringApplicationBuilder}), with what a test outside this package needs of them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ScriptedHostsConfiguration {

  @Bean
  @Primary
  ScriptedHostExecutors scriptedHostExecutors(SshDockerHostExecutors live) {
    return new ScriptedHostExecutors(live);
  }

  /** Makes each session on {@code hosts} wait at its first command until the returned gate is opened. */
  public static CountDownLatch hold(ApplicationContext context, String... hosts) {
    ScriptedHostExecutors scripted = context.getBean(ScriptedHostExecutors.class);
    CountDownLatch gate = new CountDownLatch(1);
    scripted.gate = gate;
    scripted.hold = Set.of(hosts);
    return gate;
  }

  /** Makes jobs reach {@code hosts} for real, over SSH and their Docker engines (none: all scripted again). */
  public static void reachForReal(ApplicationContext context, Collection<String> hosts) {
    context.getBean(ScriptedHostExecutors.class).real = Set.copyOf(hosts);
  }

  /** How many commands the context's hosts were sent. */
  public static int commands(ApplicationContext context) {
    return context.getBean(ScriptedHostExecutors.class).ran().size();
  }
}
