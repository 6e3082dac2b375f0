package dev.tandem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a loopback port to a target, which a test can close (every connection through it
 * cut, new ones refused) and open again on the same port: a network partition between Tandem and a
 * server, without touching the server.
 */
public final class TcpGate implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private int port;

  public TcpGate(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    open();
  }

  public int port() {
    return port;
  }

  /** Accepts connections (again), on the same port. */
  public synchronized void open() {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      port = socket.getLocalPort();
      server = socket;
      Thread accept = new Thread(() -> accept(socket), "tcp-gate-" + port);
      accept.setDaemon(true);
      accept.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cuts every connection and refuses new ones. */
  public synchronized void cut() {
    closeQuietly(server);
    sockets.forEach(TcpGate::closeQuietly);
    sockets.clear();
  }

  @Override
  public void close() {
    cut();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread thread = new Thread(() -> {
      try {
        in.transferTo(out);
      } catch (IOException cut) {
        // one side was closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-gate-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception ignored) {
      // already closed
    }
  }
}
