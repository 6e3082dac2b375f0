package dev.tandem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor of any proxy on this machine: a TCP relay on loopback that copies bytes both ways and
 * does nothing else (no HTTP parsing, no authentication, no pool, no metrics). Each accepted
 * connection gets its own connection to the target and a blocking copier thread per direction, so a
 * request costs what every proxy pays at least: one more wake-up on the way in and one on the way
 * back, and a read and a write each way. bench/heketi-api measures the stand-in through it, so the
 * latency it adds is the least that a proxy in front of the stand-in can add here. Not a test.
 *
 * <p>Usage: {@code TcpRelay LISTEN_PORT TARGET_PORT} (both on 127.0.0.1); runs until killed.
 */
public final class TcpRelay {

  public static void main(String[] args) throws IOException {
    int listen = Integer.parseInt(args[0]);
    int target = Integer.parseInt(args[1]);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(listen, 64, loopback)) {
      while (true) {
        Socket in = server.accept();
        Socket out = new Socket();
        try {
          out.connect(new InetSocketAddress(loopback, target), 5_000);
        } catch (IOException e) {
          in.close();
          continue;
        }
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        copy(in, out);
        copy(out, in);
      }
    }
  }

  /** Copies from one socket to the other until either ends, then closes both. */
  private static void copy(Socket from, Socket to) {
    Thread copier = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (from; to) {
        InputStream input = from.getInputStream();
        OutputStream output = to.getOutputStream();
        for (int n; (n = input.read(buffer)) >= 0; ) {
          output.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // the other side closed: both sockets are closed on the way out
      }
    });
    copier.setDaemon(true);
    copier.start();
  }

  private TcpRelay() {}
}
