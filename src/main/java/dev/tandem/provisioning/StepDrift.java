package dev.tandem.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A step of a provisioning job that would act on a host now, found by running its check half over the
 * real executors with every action withheld; or a host that could not be checked at all ({@code kind}
 * {@code host}, no step).
 *
 * @param job the job whose step this is, and which repairs it
 * @param pool the pool the step belongs to, or null for a host's or Heketi's own step
 * @param host the host
 * @param step the step's name, as a job's plan shows it
 * @param kind what the step makes: {@code interface}, {@code shim}, {@code firewall}, {@code directory},
 *     {@code network}, {@code image}, {@code container}, {@code key}, {@code heketi-config}, {@code host}, {@code job}
 * @param expected what the job leaves there
 * @param found what the checks and Docker reads found
 * @param wouldRun the commands, files and Docker calls the job would run (secrets masked)
 * @param error why the step would fail, if it would
 * @param repair the request that repairs it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepDrift(String job, String pool, String host, String step, String kind, String expected, String found,
    List<String> wouldRun, String error, String repair) {}
