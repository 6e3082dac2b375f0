package dev.tandem.heketi;

import dev.tandem.heketi.HeketiClient.Raw;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The wire to Heketi: where it is, how to sign for it, and one request at a time. Every request
 * carries a token for exactly the path sent and this Tandem's {@link HopMarker hop marker}; none is
 * retried or redirected. Without a URL nothing is sent ({@link HeketiNotConfiguredException}), and a
 * 508 answer means the URL is a Tandem's ({@link HeketiLoopException}).
 */
final class HeketiTransport {

  private final HeketiProperties properties;
  private final CloseableHttpClient http;
  private final PoolingHttpClientConnectionManager connections;
  /** URL and key change together when Tandem is pointed at another Heketi. */
  private volatile Target target;

  private record Target(URI url, HeketiTokens tokens) {}

  HeketiTransport(HeketiProperties properties, HeketiTokens tokens) {
    this.properties = properties;
    this.connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(properties.connectTimeout()))
            .setSocketTimeout(Timeout.of(properties.readTimeout()))
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build())
        .setMaxConnTotal(properties.maxInFlight() * 4)
        .setMaxConnPerRoute(properties.maxInFlight() * 4)
        .build();
    // the minimal client: a request on a pooled connection (checked when idle for a second), with the
    // socket timeout above as the read timeout, and nothing else. No retry and no redirect: no request,
    // above all no POST and no poll, is ever sent twice behind Tandem's back. No Accept-Encoding: none
    // of Heketi's recorded answers is compressed, and the proxy relays answers as they are. No cookies,
    // authentication or proxies, whose request and response handling a proxied request would pay for.
    this.http = HttpClients.createMinimal(connections);
    this.target = new Target(properties.url(), tokens);
  }

  /** Heketi's URL, or null when none is configured. */
  URI url() {
    return target.url();
  }

  void repoint(URI url, String adminKey) {
    target = new Target(url, new HeketiTokens(properties.user(), adminKey, Clock.systemUTC()));
  }

  /** Connections to Heketi held by a request right now. */
  int leased() {
    return connections.getTotalStats().getLeased();
  }

  Raw exchange(String method, String path, byte[] body, String contentType, String what) {
    Target to = target;
    if (to.url() == null) {
      throw new HeketiNotConfiguredException(what);
    }
    URI uri = to.url().resolve(path);
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    request.setHeader("Authorization", "bearer " + to.tokens().sign(method, uri.getRawPath()));
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, contentType == null ? null : ContentType.parse(contentType)));
    }
    return checked(execute(request, to.url(), what), to.url(), what);
  }

  /** An unauthenticated GET /hello at {@code url}, answered within {@code timeout}. */
  Raw hello(URI url, Duration timeout, String what) {
    HttpUriRequestBase request = new HttpUriRequestBase("GET", url.resolve("/hello"));
    request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
    return checked(execute(request, url, what), url, what);
  }

  private Raw execute(HttpUriRequestBase request, URI url, String what) {
    request.setHeader("Via", properties.via());
    try {
      return http.execute(request, response -> {
        Map<String, String> headers = new HashMap<>();
        for (Header header : response.getHeaders()) {
          headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
        }
        byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        return new Raw(response.getCode(), headers, bytes);
      });
    } catch (IOException e) {
      throw new HeketiUnavailableException(what, url, e);
    }
  }

  private static Raw checked(Raw raw, URI url, String what) {
    if (raw.status() == 508) {
      throw new HeketiLoopException(what, url, new String(raw.body(), StandardCharsets.UTF_8).strip());
    }
    return raw;
  }
}
