package dev.tandem.heketidb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.heketi.BoltFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoltFileTests {

  @Test
  void aFileInBoltDbsLayoutIsAccepted() {
    assertThat(BoltFile.refusal(BoltFiles.heketiDb(7))).isEmpty();
  }

  @Test
  void anythingElseIsRefusedWithWhy() {
    assertThat(BoltFile.refusal("<html>proxy error</html>".getBytes(StandardCharsets.UTF_8))).get().asString()
        .contains("too short");
    assertThat(BoltFile.refusal(new byte[BoltFiles.SIZE])).get().asString().contains("meta page 0", "magic");
    assertThat(BoltFile.refusal(withInt(BoltFiles.heketiDb(7), 20, 1))).get().asString().contains("version 1");
    assertThat(BoltFile.refusal(withInt(BoltFiles.heketiDb(7), BoltFiles.PAGE + 16, 0xDEADC0DE))).get().asString()
        .contains("meta page 1");
    assertThat(BoltFile.refusal(withInt(BoltFiles.heketiDb(7), 24, 3000))).get().asString().contains("page size");
    assertThat(BoltFile.refusal(Arrays.copyOf(BoltFiles.heketiDb(7), BoltFiles.PAGE + 100))).get().asString()
        .contains("whole number");
  }

  @Test
  void theMagicNumberIsReadLittleEndianAsBboltWritesIt() {
    byte[] file = BoltFiles.heketiDb(7);
    assertThat(Arrays.copyOfRange(file, 16, 20)).containsExactly(0xED, 0xDA, 0x0C, 0xED);
    ByteBuffer swapped = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
    int bigEndian = swapped.getInt(16);
    assertThat(BoltFile.refusal(withInt(file, 16, bigEndian))).isPresent();
  }

  private static byte[] withInt(byte[] file, int at, int value) {
    byte[] copy = file.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    return copy;
  }
}
