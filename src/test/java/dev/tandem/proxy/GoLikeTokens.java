package dev.tandem.proxy;

/** Heketi Go-client tokens for one client, for tests outside this package. */
public final class GoLikeTokens {

  private final GoLikeHeketiClient client;

  public GoLikeTokens(String user, String key) {
    this.client = new GoLikeHeketiClient("http://unused", user, key, 1);
  }

  public String sign(String method, String path) {
    return client.token(method, path);
  }
}
