package dev.tandem.console;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.exec.TestComponents;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.provisioning.ScriptedHostsConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web console in Debian's headless Chromium, driven by Selenium: Tandem with the example
 * platform, a Heketi stand-in built from the transcripts and scripted hosts (no SSH, no Docker).
 * Each main view is saved as a PNG under target/console-screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ScriptedHostsConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target/console-screenshots");
  static final List<String> OCP_DEVICES = List.of("/dev/sdc", "/dev/sdd", "/dev/sde", "/dev/sdf", "/dev/sdg");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    registry.add("tandem.provisioning.ssh-key-file", () -> "target/console-it/tandem_ssh_key");
    registry.add("tandem.provisioning.docker-tls-dir", () -> "target/console-it/tls");
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  TestHttp admin;
  String viewerSecret;
  ChromeDriver browser;
  WebDriverWait wait;
  Path profile;

  @BeforeAll
  void start() throws IOException {
    TestComponents.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium and its driver (Debian's chromium and chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver)");
    admin = new TestHttp(port);
    assertThat(admin.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    assertThat(admin.post("/api/v1/reconcile", "").status()).isEqualTo(200);
    TestHttp.Response viewer = admin.post("/api/v1/clients", "{\"name\":\"console-viewer\",\"role\":\"viewer\"}");
    assertThat(viewer.status()).as(viewer.toString()).isEqualTo(201);
    viewerSecret = viewer.json().get("secret").asString();

    profile = Files.createTempDirectory("tandem-console-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,800", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
    // the job page redraws its steps as the log arrives
    wait.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    HEKETI.shutdown();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void thePageIsOpenWithAStrictPolicyWhileTheApiStillNeedsCredentials() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/", "/console.js", "/console.css")) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(path).isEqualTo(200);
    }
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
        .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"));
    assertThat(new TestHttp(port, null, null).get("/api/v1/platform").status()).isEqualTo(401);
    assertThat(new TestHttp(port, null, null).get("/swagger-ui.html").status()).isLessThan(400);
  }

  @Test
  void aWrongSecretShowsTheRefusal() {
    signIn("admin", "not-the-secret");
    WebElement error = browser.findElement(By.id("sign-in-error"));
    wait.until(d -> !error.getText().isEmpty());
    assertThat(error.getText()).isEqualTo("wrong client name or secret");
    assertThat(browser.findElement(By.id("view")).isDisplayed()).isFalse();
  }

  @Test
  void theGridShowsEachHostsPoolsAndDevicesAndFollowsADeviceMovedThroughTheApi() throws IOException {
    signIn("admin", TestHttp.ADMIN_SECRET);
    show("#/platform", "platform");
    for (String host : List.of("node1", "node2", "node3")) {
      int n = Integer.parseInt(host.substring(4));
      assertThat(devices(host, "gluster-rhv")).as(host).containsExactly("/dev/sdb");
      assertThat(devices(host, "gluster-ocp")).as(host).containsExactlyElementsOf(OCP_DEVICES);
      assertThat(cell(host, "gluster-rhv").getText()).contains("gluster-rhv-" + n, "192.168.99." + (27 + n),
          "Heketi node online");
      assertThat(cell(host, "gluster-ocp").getText()).contains("gluster-ocp-" + n, "192.168.199." + (27 + n),
          "Heketi node online");
    }
    WebElement sdb = cell("node1", "gluster-rhv").findElement(By.cssSelector("[data-device='/dev/sdb']"));
    sdb.findElement(By.tagName("summary")).click();
    assertThat(sdb.getText()).containsPattern("Heketi device\\s+[0-9a-f]{32}").containsPattern("Heketi state\\s+online");
    Path grid = screenshot("platform");
    assertThat(grid).isNotEmptyFile();

    assertThat(admin.delete("/api/v1/pools/gluster-ocp/devices/node1/sdg").status()).isEqualTo(204);
    assertThat(admin.post("/api/v1/pools/gluster-rhv/devices", "{\"host\":\"node1\",\"device\":\"/dev/sdg\"}").status())
        .isEqualTo(201);
    try {
      browser.findElement(By.id("refresh")).click();
      wait.until(d -> devices("node1", "gluster-rhv").size() == 2);
      assertThat(devices("node1", "gluster-rhv")).containsExactly("/dev/sdb", "/dev/sdg");
      assertThat(devices("node1", "gluster-ocp")).containsExactlyElementsOf(OCP_DEVICES.subList(0, 4));
    } finally {
      assertThat(admin.delete("/api/v1/pools/gluster-rhv/devices/node1/sdg").status()).isEqualTo(204);
      assertThat(admin.post("/api/v1/pools/gluster-ocp/devices", "{\"host\":\"node1\",\"device\":\"/dev/sdg\"}")
          .status()).isEqualTo(201);
    }
  }

  @Test
  void poolsShowTheirNetworkHeketiClusterAndCapacity() throws IOException {
    signIn("admin", TestHttp.ADMIN_SECRET);
    show("#/pools", "pools");
    WebElement ocp = browser.findElement(By.cssSelector("section.pool[data-pool='gluster-ocp']"));
    assertThat(ocp.getText()).contains("192.168.199.0/24", "eth1.199 (VLAN 199)", "replicate:3")
        .containsPattern("Heketi cluster\\s+[0-9a-f]{32}");
    assertThat(ocp.findElements(By.tagName("meter"))).hasSize(1);
    screenshot("pools");
  }

  @Test
  void anAdminPlansAJobStartsItAndWatchesItsLogArrive() throws IOException {
    signIn("admin", TestHttp.ADMIN_SECRET);
    show("#/plan", "plan");
    new Select(browser.findElement(By.id("plan-type"))).selectByValue("prepare-hosts");
    browser.findElement(By.id("plan-show")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#plan ol.plan > li")).isEmpty());
    assertThat(browser.findElement(By.id("plan")).getText()).contains("node1", "node2", "node3", "modprobe");
    screenshot("plan");

    CountDownLatch gate = ScriptedHostsConfiguration.hold(context, "node1");
    try {
      browser.findElement(By.id("plan-start")).click();
      browser.findElement(By.id("confirm-ok")).click();
      wait.until(d -> d.getCurrentUrl().contains("#/jobs/") && !d.findElements(By.id("job-log")).isEmpty());
      WebElement log = browser.findElement(By.id("job-log"));
      wait.until(d -> log.getText().contains("node3"));
      assertThat(browser.findElement(By.id("job-state")).getText()).as("node1 waits at the gate").isEqualTo("running");
      screenshot("job-running");
    } finally {
      gate.countDown();
    }
    wait.until(d -> d.findElement(By.id("job-state")).getText().equals("succeeded"));
    assertThat(browser.findElement(By.id("job-log")).getText()).contains("node1");
    screenshot("job");

    show("#/jobs", "jobs");
    WebElement row = browser.findElement(By.cssSelector("table.jobs tbody tr"));
    assertThat(row.getText()).contains("prepare-hosts", "succeeded").containsPattern("(\\d+) / \\1");
    screenshot("jobs");
  }

  @Test
  void theAuditLogFiltersByActorAndPool() throws IOException {
    assertThat(admin.post("/api/v1/pools/gluster-ocp/reconcile", "").status()).isEqualTo(200);
    signIn("admin", TestHttp.ADMIN_SECRET);
    show("#/audit", "audit");
    assertThat(browser.findElements(By.cssSelector("table.audit tbody tr"))).isNotEmpty();
    browser.findElement(By.name("actor")).sendKeys("admin");
    new Select(browser.findElement(By.name("pool"))).selectByValue("gluster-ocp");
    browser.findElement(By.cssSelector("#audit-form button")).click();
    wait.until(d -> d.getCurrentUrl().contains("pool=gluster-ocp") && "audit".equals(view()));
    List<WebElement> rows = browser.findElements(By.cssSelector("table.audit tbody tr"));
    assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("admin", "gluster-ocp"));
    screenshot("audit");
  }

  @Test
  void aViewerSeesNoActionsAndAWriteFromThePageIsRefused() {
    signIn("console-viewer", viewerSecret);
    show("#/platform", "platform");
    assertThat(browser.findElement(By.id("who-name")).getText()).endsWith("(read only)");
    assertThat(devices("node2", "gluster-ocp")).containsExactlyElementsOf(OCP_DEVICES);
    for (String view : List.of("platform", "pools", "jobs", "plan", "audit")) {
      show("#/" + view, view);
      assertThat(browser.findElements(By.cssSelector("#view-body button"))).as(view).isEmpty();
    }
    Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const auth = 'Basic ' + btoa(sessionStorage.getItem('tandem.client') + ':' + sessionStorage.getItem('tandem.secret'));
        fetch('/api/v1/jobs', {method: 'POST', headers: {Authorization: auth, 'Content-Type': 'application/json'},
          body: JSON.stringify({type: 'prepare-hosts'})}).then(r => done(r.status), e => done(String(e)));
        """);
    assertThat(status).isEqualTo(403L);
    assertThat(ScriptedHostsConfiguration.commands(context)).as("no job ran for the viewer").isZero();
  }

  // ---- helpers ----

  String base() {
    return "http://127.0.0.1:" + port;
  }

  void signIn(String client, String secret) {
    browser.get(base() + "/");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    wait.until(d -> d.findElement(By.id("client")).isDisplayed());
    browser.findElement(By.id("client")).sendKeys(client);
    browser.findElement(By.id("secret")).sendKeys(secret);
    browser.findElement(By.cssSelector("#sign-in-form button")).click();
    if (secret.equals(TestHttp.ADMIN_SECRET) || secret.equals(viewerSecret)) {
      wait.until(d -> d.findElement(By.id("view")).isDisplayed());
    }
    assertThat(browserErrors()).isEmpty();
  }

  /** Opens a view and waits until it has loaded. */
  void show(String hash, String view) {
    browser.get(base() + "/" + hash);
    wait.until(d -> view.equals(view()));
    assertThat(browser.findElement(By.id("view-error")).getText()).isEmpty();
  }

  String view() {
    List<WebElement> body = browser.findElements(By.cssSelector("#view-body:not([aria-busy])"));
    return body.isEmpty() ? null : body.get(0).getAttribute("data-view");
  }

  WebElement cell(String host, String pool) {
    return browser.findElement(By.cssSelector("tr[data-host='" + host + "'] td[data-pool='" + pool + "']"));
  }

  List<String> devices(String host, String pool) {
    return cell(host, pool).findElements(By.cssSelector("[data-device]")).stream()
        .map(e -> e.getAttribute("data-device")).toList();
  }

  /**
   * What the browser logged as errors since the last call: a policy violation, a failed script. An
   * answer's status is the page's to show (the refused sign-in, the viewer's audit), not an error.
   */
  List<String> browserErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
            && !e.getMessage().contains("Failed to load resource: the server responded with a status of"))
        .map(LogEntry::getMessage).toList();
  }

  Path screenshot(String name) throws IOException {
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(browserErrors()).as(name).isEmpty();
    return file;
  }
}
