package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiDevices;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiModel.BrickInfo;
import dev.tandem.heketi.HeketiModel.DeviceDetail;
import dev.tandem.heketi.HeketiModel.DeviceInfo;
import dev.tandem.heketi.HeketiModel.NodeInfo;
import dev.tandem.heketi.HeketiUnavailableException;
import dev.tandem.inventory.DeviceState;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.OptionProfile;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.inventory.PoolPurpose;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remove step of replace-device and remove-device where Heketi misbehaves in ways the stand-in
 * cannot show quickly: an eviction that outlasts the operation deadline, a refusal followed by a failed
 * attempt to set the device online again, a device of that name that is not the one the inventory bound.
 */
class HeketiDeviceSwapTests {

  static final String NODE = "node-id";

  PlatformService platform = mock(PlatformService.class);
  HeketiBindings bindings = mock(HeketiBindings.class);
  HeketiClient heketi = mock(HeketiClient.class);
  HeketiDevices devices = mock(HeketiDevices.class);
  HeketiDeviceSwap swap = new HeketiDeviceSwap(platform, bindings, heketi, devices);
  StepContext ctx = new StepContext(null, null, null, "", Set.of(), e -> { }, () -> null, (h, j) -> null);

  @BeforeEach
  void sdcBoundAsD1() {
    when(bindings.layout("gluster-ocp")).thenReturn(new PoolLayout("gluster-ocp", PoolPurpose.CONTAINERS,
        OptionProfile.NONE, "replicate:3", List.of("cluster"),
        List.of(new PoolLayout.Member("node1", "gluster-ocp-1", "198.51.100.1", 1, NODE)),
        List.of(new PoolLayout.Device("node1", "/dev/sdc", DeviceState.IN_USE, null, "d1"))));
  }

  private void heketiLists(String id, String state) {
    when(heketi.node(NODE)).thenReturn(new NodeInfo(NODE, 1, null, "cluster", "online",
        List.of(new DeviceInfo(id, "/dev/sdc", state, null))));
  }

  private static HeketiUnavailableException timeout(String what) {
    return new HeketiUnavailableException(what, URI.create("http://127.0.0.1:1"), new TimeoutException("still pending"));
  }

  @Test
  void anEvictionThatOutlastsTheDeadlineFailsTheStepSayingHeketiIsStillMovingTheBricksAndTouchesNothingElse() {
    heketiLists("d1", "online");
    doThrow(timeout("set device d1 failed")).when(devices).setState("d1", "failed");

    assertThatThrownBy(() -> swap.removeFromHeketi(ctx, "gluster-ocp", "node1", "/dev/sdc"))
        .isInstanceOf(StepFailed.class)
        .hasMessageStartingWith("Heketi is still moving the bricks of node1:/dev/sdc; retry once Heketi shows it failed");
    verify(devices).setState("d1", "offline");
    verify(devices, never()).setState("d1", "online");
    verify(devices, never()).delete(anyString());
  }

  @Test
  void onRetryADeviceHeketiShowsFailedIsNotSentFailedAgainButDeleted() {
    heketiLists("d1", "failed");
    PlatformSpec alreadyOut = mock(PlatformSpec.class);
    when(alreadyOut.pools()).thenReturn(List.of());
    when(platform.export()).thenReturn(alreadyOut);
    when(devices.info("d1")).thenReturn(new DeviceDetail("d1", "/dev/sdc", "failed", List.of()));

    assertThat(swap.removeFromHeketi(ctx, "gluster-ocp", "node1", "/dev/sdc")).isEqualTo(Step.Outcome.CHANGED);
    verify(devices, never()).setState(anyString(), anyString());
    verify(devices).delete("d1");
  }

  @Test
  void aDeviceHeketiShowsFailedWithABrickStillOnItIsNotDeleted() {
    heketiLists("d1", "failed");
    when(devices.info("d1")).thenReturn(new DeviceDetail("d1", "/dev/sdc", "failed",
        List.of(new BrickInfo("b1", "/var/lib/heketi/mounts/vg_d1/brick_b1/brick", "v1"))));

    assertThatThrownBy(() -> swap.removeFromHeketi(ctx, "gluster-ocp", "node1", "/dev/sdc"))
        .isInstanceOf(StepFailed.class)
        .hasMessageStartingWith("Heketi still lists 1 brick on node1:/dev/sdc (device d1, failed): nothing deleted");
    verify(devices, never()).delete(anyString());
    verify(platform, never()).edit(any());
  }

  @Test
  void whenSettingTheDeviceOnlineAgainFailsTooHeketisRefusalStaysInTheMessage() {
    heketiLists("d1", "online");
    doThrow(new HeketiException("set device d1 failed", 500, "No Replacement was found for resource requested to be"
        + " removed")).when(devices).setState("d1", "failed");
    doThrow(timeout("set device d1 online")).when(devices).setState("d1", "online");

    assertThatThrownBy(() -> swap.removeFromHeketi(ctx, "gluster-ocp", "node1", "/dev/sdc"))
        .isInstanceOf(StepFailed.class)
        .hasMessageContaining("Heketi refused to remove node1:/dev/sdc: No Replacement was found for resource")
        .hasMessageContaining("setting it online again failed too");
    verify(devices, never()).delete(anyString());
  }

  @Test
  void aDeviceOfThatNameWithAnotherIdThanTheBoundOneIsRefusedAndLeftAlone() {
    heketiLists("d2", "online");

    assertThatThrownBy(() -> swap.removeFromHeketi(ctx, "gluster-ocp", "node1", "/dev/sdc"))
        .isInstanceOf(StepFailed.class)
        .hasMessageContaining("Heketi lists /dev/sdc on node node-id as device d2, but the inventory binds d1");
    verify(devices, never()).setState(anyString(), anyString());
    verify(devices, never()).delete(anyString());
  }
}
