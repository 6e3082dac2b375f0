package dev.tandem.heketidb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Whether bytes look like a BoltDB file, as bbolt itself checks when it opens one: page 0 and page 1
 * are meta pages, each with the magic number 0xED0CDAED at offset 16 and format version 2 at offset
 * 20 (little-endian, after the 16-byte page header); page 0 gives the page size at offset 24. Nothing
 * deeper (bucket pages, checksums) is read.
 */
final class BoltFile {

  static final int MAGIC = 0xED0CDAED;
  static final int VERSION = 2;
  private static final int MAGIC_AT = 16;
  private static final int VERSION_AT = 20;
  private static final int PAGE_SIZE_AT = 24;

  /** Why {@code bytes} is not a BoltDB file, or empty when it is one. */
  static Optional<String> refusal(byte[] bytes) {
    if (bytes.length < PAGE_SIZE_AT + 4) {
      return Optional.of("not a BoltDB file: " + bytes.length + " bytes, too short for a meta page");
    }
    ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Optional<String> first = meta(file, 0);
    if (first.isPresent()) {
      return first;
    }
    int pageSize = file.getInt(PAGE_SIZE_AT);
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      return Optional.of("not a BoltDB file: page size " + Integer.toUnsignedString(pageSize)
          + " is not a power of two between 512 and 65536");
    }
    if (bytes.length < 2 * pageSize || bytes.length % pageSize != 0) {
      return Optional.of("not a BoltDB file: " + bytes.length + " bytes is not a whole number of at least two"
          + " pages of " + pageSize);
    }
    return meta(file, pageSize);
  }

  private static Optional<String> meta(ByteBuffer file, int offset) {
    int page = offset == 0 ? 0 : 1;
    if (file.getInt(offset + MAGIC_AT) != MAGIC) {
      return Optional.of("not a BoltDB file: meta page " + page + " lacks the magic number 0xED0CDAED");
    }
    int version = file.getInt(offset + VERSION_AT);
    if (version != VERSION) {
      return Optional.of("not a BoltDB file of version 2: meta page " + page + " says version " + version);
    }
    return Optional.empty();
  }

  private BoltFile() {}
}
