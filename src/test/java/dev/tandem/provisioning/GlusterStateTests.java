package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The gluster CLI's answers as glusterfs 10.3 prints them (read from the test image's glusterd). */
class GlusterStateTests {

  static final String HEAL_PENDING = """
      Brick 198.18.77.11:/var/lib/heketi/bricks/v1
      /\s
      /c.txt\s
      /b.txt\s
      Status: Connected
      Number of entries: 3

      Brick 198.18.77.12:/var/lib/heketi/bricks/v1
      Status: Transport endpoint is not connected
      Number of entries: -

      Brick 198.18.77.13:/var/lib/heketi/bricks/v1
      Status: Connected
      Number of entries: 3
      """;

  @Test
  void healInfoCountsEntriesAndBricksThatAnswerNoNumber() {
    GlusterState.Heal heal = GlusterState.heal("v1", HEAL_PENDING);
    assertThat(heal.pending()).isEqualTo(6);
    assertThat(heal.unreachable()).isEqualTo(1);
    assertThat(heal.settled()).isFalse();
    assertThat(heal.describe()).isEqualTo("volume v1: 6 entries pending heal, 1 of 3 bricks not connected");
    assertThat(GlusterState.heal("v1", HEAL_PENDING.replace("3", "0").replace(": -", ": 0")).settled()).isTrue();
    assertThat(GlusterState.heal("v1", "Volume heal failed.\n").settled()).as("no brick answered").isFalse();
  }

  @Test
  void volumeListAndPoolList() {
    assertThat(GlusterState.volumes("vol_0123abcd\nv1\n")).containsExactly("vol_0123abcd", "v1");
    assertThat(GlusterState.volumes("No volumes present in cluster\n")).isEmpty();
    assertThatThrownBy(() -> GlusterState.volumes("v1; rm -rf /\n")).isInstanceOf(StepFailed.class)
        .hasMessageContaining("not a volume name");
    String pool = """
        UUID					Hostname    	State
        671f264e-3687-4954-aa29-c4d652c50237	198.18.77.12	Disconnected\s
        ae087a1b-136e-4e0b-a5de-045065126177	198.18.77.13	Connected\s
        4b3cd25f-eab7-4f4e-ae7c-571536967d43	localhost   	Connected\s
        """;
    assertThat(GlusterState.notConnected(pool)).containsExactly("198.18.77.12 Disconnected");
    assertThat(GlusterState.notConnected(pool.replace("Disconnected", "Connected"))).isEmpty();
  }
}
