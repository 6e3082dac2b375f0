package dev.tandem.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One difference between the inventory and the platform.
 *
 * @param pool the pool it concerns, or null for a host's, Heketi's or the platform's own object
 * @param kind {@code heketi-cluster}, {@code heketi-node}, {@code heketi-device}, {@code heketi-volume},
 *     {@code host}, {@code interface}, {@code shim}, {@code firewall}, {@code directory}, {@code network},
 *     {@code image}, {@code container}, {@code key}, {@code heketi-config}, {@code job} (a job that cannot be planned)
 * @param host the host, for a finding on one
 * @param object what differs: a Heketi object, or the provisioning step that would act
 * @param expected what the inventory says
 * @param found what was found
 * @param repair the job or call that repairs it
 * @param wouldRun what that job would run for it (commands, files, Docker calls; secrets masked)
 * @param error why that job's step would fail, if it would
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Finding(String pool, String kind, String host, String object, String expected, String found, String repair,
    List<String> wouldRun, String error) {

  Finding {
    wouldRun = wouldRun == null ? List.of() : List.copyOf(wouldRun);
  }
}
