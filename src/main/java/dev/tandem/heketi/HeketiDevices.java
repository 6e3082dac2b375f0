package dev.tandem.heketi;

import dev.tandem.heketi.HeketiModel.DeviceDetail;
import dev.tandem.heketi.HeketiModel.StateRequest;
import org.springframework.stereotype.Component;

/**
 * Heketi's calls on one device, beside adding it ({@link HeketiClient#addDevice}): its state and its
 * deletion, each an asynchronous operation (202, then the queue: 204 when done, 500 and Heketi's
 * message when refused). {@code heketi-cli device remove} is the state {@code failed}: Heketi moves
 * the device's bricks to other devices first and refuses, leaving the device offline, when it finds
 * no place for one; a device is set offline before that, and deleted only once failed. While Heketi
 * moves the bricks the device stays offline and lists the bricks not yet moved; it refuses a second
 * removal then ("The target exists, contains other items, or is in use.").
 */
@Component
public class HeketiDevices {

  private final HeketiClient client;

  HeketiDevices(HeketiClient client) {
    this.client = client;
  }

  /** {@code POST /devices/{id}/state {"state": ...}} with {@code online}, {@code offline} or {@code failed}. */
  public void setState(String id, String state) {
    client.runToEnd("POST", "/devices/" + id + "/state", new StateRequest(state), "set device " + id + " " + state);
  }

  /** {@code GET /devices/{id}}: its state and the bricks still on it. */
  public DeviceDetail info(String id) {
    return client.get("/devices/" + id, DeviceDetail.class);
  }

  /** {@code DELETE /devices/{id}}: Heketi refuses (400) unless the device is failed. */
  public void delete(String id) {
    client.runToEnd("DELETE", "/devices/" + id, null, "delete device " + id);
  }
}
