package dev.tandem.security;

import static org.mockito.Mockito.mockStatic;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.mockito.MockedStatic;

/**
 * Watches, on the calling thread, every {@link Files} call that writes bytes into a key file, and
 * records the moment a key's bytes could land in a file others may read: the file exists and is not
 * owner-only, or the call creates it without owner-only attributes (so the umask decides). The final
 * mode alone cannot tell "created owner-only" from "written with the umask, restricted afterwards".
 */
public final class OwnerOnlyWrites implements AutoCloseable {

  private static final String OWNER_ONLY = "rw-------";

  private final Predicate<Path> keyFile;
  private final List<String> exposures = new ArrayList<>();
  private final List<Path> written = new ArrayList<>();
  private final MockedStatic<Files> files;

  public OwnerOnlyWrites(Predicate<Path> keyFile) {
    this.keyFile = keyFile;
    this.files = mockStatic(Files.class, invocation -> {
      observe(invocation.getMethod(), invocation.getArguments());
      return invocation.callRealMethod();
    });
  }

  /** Key files written to while watching, each noted once per write call. */
  public List<Path> written() {
    return written;
  }

  /** Each moment a key's bytes could be read by others (empty: never). */
  public List<String> exposures() {
    return exposures;
  }

  private void observe(Method method, Object[] args) {
    if (args.length == 0 || !(args[0] instanceof Path path) || !keyFile.test(path) || !writes(method, args)) {
      return;
    }
    written.add(path);
    String mode = mode(path);
    if (mode == null && !createsOwnerOnly(args)) {
      exposures.add(method.getName() + "(" + path.getFileName() + ") creates the file with the umask's mode");
    } else if (mode != null && !mode.equals(OWNER_ONLY)) {
      exposures.add(method.getName() + "(" + path.getFileName() + ") writes into a file of mode " + mode);
    }
  }

  private static boolean writes(Method method, Object[] args) {
    return switch (method.getName()) {
      case "write", "writeString", "newOutputStream", "newBufferedWriter", "createFile" -> true;
      case "newByteChannel" -> flat(args).anyMatch(a -> a == StandardOpenOption.WRITE
          || a == StandardOpenOption.APPEND || a instanceof Set<?> options
              && (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)));
      default -> false;
    };
  }

  private static boolean createsOwnerOnly(Object[] args) {
    return flat(args).anyMatch(a -> a instanceof FileAttribute<?> attribute
        && attribute.name().equals("posix:permissions")
        && PosixFilePermissions.toString(cast(attribute.value())).equals(OWNER_ONLY));
  }

  /** The arguments with varargs arrays spread (Mockito hands them over either way). */
  private static Stream<Object> flat(Object[] args) {
    return Arrays.stream(args).flatMap(a -> a instanceof Object[] array ? Arrays.stream(array) : Stream.of(a));
  }

  @SuppressWarnings("unchecked")
  private static Set<PosixFilePermission> cast(Object value) {
    return (Set<PosixFilePermission>) value;
  }

  /** The file's mode, read without {@link Files} (it is being watched); null when it does not exist. */
  private static String mode(Path path) {
    try {
      path.getFileSystem().provider().checkAccess(path, new AccessMode[0]);
      return PosixFilePermissions.toString(
          path.getFileSystem().provider().readAttributes(path, PosixFileAttributes.class).permissions());
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    files.close();
  }
}
