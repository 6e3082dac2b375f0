package dev.tandem.provisioning;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The context of job tests over {@link ScriptedHostExecutors}: one in-memory database, one job thread
 * and a queue of one. Every test class so annotated shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"spring.datasource.url=jdbc:h2:mem:jobs;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
    "tandem.provisioning.job-threads=1", "tandem.provisioning.job-queue=1", "tandem.coordination.polling=200ms",
    "tandem.provisioning.ssh-key-file=target/jobs-it/tandem_ssh_key",
    "tandem.provisioning.docker-tls-dir=target/jobs-it/tls", "tandem.provisioning.heketi-start-timeout=1s",
    "tandem.provisioning.roll-heal-timeout=300ms", "tandem.provisioning.roll-poll-interval=20ms",
    "tandem.provisioning.roll-retry-after=7s"})
@Import(ScriptedHostsConfiguration.class)
@interface ScriptedJobsTest {}
