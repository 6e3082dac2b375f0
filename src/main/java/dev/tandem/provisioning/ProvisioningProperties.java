package dev.tandem.provisioning;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tandem.provisioning.*}.
 *
 * @param sshKeyFile where older versions kept Tandem's SSH private key for the hosts: found while the
 *     database holds no key yet, it becomes the platform's key (with its {@code .pub}); otherwise a key
 *     is generated (RSA 3072) into the database, and no file is written
 * @param rootPrefix a directory every host path is placed under (empty in production; tests use one)
 * @param hostParallelism hosts provisioned at once
 * @param connectTimeout SSH and Docker connect timeout
 * @param commandTimeout longest a single command may run
 * @param defaultDockerEndpoint the engine of hosts whose inventory names none
 * @param dockerTlsDir for tcp:// engines: a directory per host name with ca.pem, cert.pem and key.pem
 * @param heketiStartTimeout how long a freshly started Heketi may take to answer before Tandem keeps its
 *     current Heketi settings
 * @param jobThreads jobs this replica runs at once, on threads of its job lane (volume operations never wait
 *     for them)
 * @param jobQueue jobs that may wait for a thread (state queued), counted on every replica together; beyond it,
 *     a new job or retry is refused with 503 (simultaneous starts on several replicas may pass it by one each)
 * @param rollHealTimeout roll-pool, on each member: the longest wait for self-heal to have nothing pending
 *     (before and after its container is recreated) and for glusterd and its peers to be back; past it the
 *     job fails
 * @param rollPollInterval roll-pool: the pause between two rounds of those waits
 * @param rollRetryAfter the Retry-After of the 503 that refuses a pool's volume operations while it is rolled
 */
@Validated
@ConfigurationProperties("tandem.provisioning")
public record ProvisioningProperties(
    @DefaultValue("./data/tandem_ssh_key") Path sshKeyFile,
    @DefaultValue("") String rootPrefix,
    @DefaultValue("4") int hostParallelism,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("10m") Duration commandTimeout,
    @DefaultValue("unix:///var/run/docker.sock") String defaultDockerEndpoint,
    Path dockerTlsDir,
    @DefaultValue("30s") Duration heketiStartTimeout,
    @DefaultValue("2") @Min(1) int jobThreads,
    @DefaultValue("16") @Min(0) int jobQueue,
    @DefaultValue("10m") Duration rollHealTimeout,
    @DefaultValue("2s") Duration rollPollInterval,
    @DefaultValue("60s") Duration rollRetryAfter) {}
