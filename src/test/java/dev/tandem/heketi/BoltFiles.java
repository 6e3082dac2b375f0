package dev.tandem.heketi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Small files in BoltDB's layout for the stand-in's {@code GET /backup/db}, whose transcript records
 * only that Heketi sent a BoltDB file of 77,824 bytes: that many bytes, pages of 4096, pages 0 and 1
 * meta pages (page header: id, flags 0x04; then magic 0xED0CDAED, version 2, page size, and the
 * transaction id at offset 64, so that two backups differ), the rest zero.
 */
public final class BoltFiles {

  public static final int SIZE = 77_824;
  public static final int PAGE = 4096;

  /** A file as Heketi's {@code GET /backup/db} sends it, after transaction {@code txid}. */
  public static byte[] heketiDb(long txid) {
    ByteBuffer file = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (int page = 0; page < 2; page++) {
      int at = page * PAGE;
      file.putLong(at, page);
      file.putShort(at + 8, (short) 0x04);
      file.putInt(at + 16, 0xED0CDAED);
      file.putInt(at + 20, 2);
      file.putInt(at + 24, PAGE);
      file.putLong(at + 64, txid - page);
    }
    return file.array();
  }

  private BoltFiles() {}
}
