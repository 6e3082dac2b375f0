package dev.tandem.console;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.exec.TestHosts;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.provisioning.ScriptedHostsConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
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
 * platform, a Heketi stand-in built from the transcripts and scripted hosts (no SSH, no Docker), and
 * one job run for real on sshd host containers ({@link ConsoleTestHosts}). Each main view is saved as
 * a PNG under target/console-screenshots/, at 1280×800 and at 390×844 ({@code *-narrow.png}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ScriptedHostsConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final List<String> OCP_DEVICES = List.of("/dev/sdc", "/dev/sdd", "/dev/sde", "/dev/sdf", "/dev/sdg");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    registry.add("tandem.provisioning.ssh-key-file", () -> "target/console-it/tandem_ssh_key");
    registry.add("tandem.provisioning.docker-tls-dir", () -> "target/console-it/tls");
    registry.add("tandem.provisioning.root-prefix", ConsoleTestHosts::rootPrefix);
    // the job's test pauses a host while the job runs: its SSH banner must not time out meanwhile
    registry.add("tandem.provisioning.connect-timeout", () -> "120s");
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  TestHttp admin;
  String viewerSecret;
  ConsoleBrowser console;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeAll
  void start() throws IOException {
    admin = new TestHttp(port);
    assertThat(admin.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    assertThat(admin.post("/api/v1/reconcile", "").status()).isEqualTo(200);
    TestHttp.Response viewer = admin.post("/api/v1/clients", "{\"name\":\"console-viewer\",\"role\":\"viewer\"}");
    assertThat(viewer.status()).as(viewer.toString()).isEqualTo(201);
    viewerSecret = viewer.json().get("secret").asString();
    console = ConsoleBrowser.start(base());
    browser = console.driver;
    wait = console.wait;
  }

  @AfterAll
  void stop() throws IOException {
    if (console != null) {
      console.close();
    }
    HEKETI.shutdown();
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
    console.signIn("admin", "not-the-secret");
    WebElement error = browser.findElement(By.id("sign-in-error"));
    wait.until(d -> !error.getText().isEmpty());
    assertThat(error.getText()).isEqualTo("wrong client name or secret");
    assertThat(browser.findElement(By.id("view")).isDisplayed()).isFalse();
  }

  @Test
  void theGridShowsEachHostsPoolsAndDevicesAndFollowsADeviceMovedThroughTheApi() throws IOException {
    console.signIn("admin", TestHttp.ADMIN_SECRET);
    console.show("#/platform", "platform");
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
    Path grid = console.screenshot("platform");
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
    console.signIn("admin", TestHttp.ADMIN_SECRET);
    console.show("#/pools", "pools");
    WebElement ocp = browser.findElement(By.cssSelector("section.pool[data-pool='gluster-ocp']"));
    assertThat(ocp.getText()).contains("192.168.199.0/24", "eth1.199 (VLAN 199)", "replicate:3")
        .containsPattern("Heketi cluster\\s+[0-9a-f]{32}");
    assertThat(ocp.findElements(By.tagName("meter"))).hasSize(1);
    console.screenshot("pools");
  }

  @Test
  void aDryRunPlanShowsEachHostsStepsAndCommandsInOrder() throws IOException {
    console.signIn("admin", TestHttp.ADMIN_SECRET);
    console.show("#/plan", "plan");
    new Select(browser.findElement(By.id("plan-type"))).selectByValue("prepare-hosts");
    browser.findElement(By.id("plan-show")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#plan ol.plan > li")).isEmpty());
    assertThat(browser.findElement(By.id("plan")).getText()).contains("node1", "node2", "node3", "modprobe");
    console.screenshot("plan");
  }

  /**
   * deploy-pool for real on two sshd host containers ({@link ConsoleTestHosts}). tdc-node2 is frozen
   * until the page has shown tdc-node1's commands up to its container's docker run with the job
   * running, so the lines are seen arriving while the job runs however fast the machine is.
   */
  @Test
  void anAdminStartsAPlannedJobOnTheTestHostsAndWatchesItsLogArrive() throws IOException {
    ConsoleTestHosts.requireComponents();
    String node1 = ConsoleTestHosts.HOSTS.get(0);
    String node2 = ConsoleTestHosts.HOSTS.get(1);
    String job = null;
    try {
      ConsoleTestHosts.start(admin);
      ScriptedHostsConfiguration.reachForReal(context, ConsoleTestHosts.HOSTS);
      console.signIn("admin", TestHttp.ADMIN_SECRET);
      console.show("#/plan", "plan");
      new Select(browser.findElement(By.id("plan-type"))).selectByValue("deploy-pool");
      browser.findElement(By.cssSelector("input[name=pools][value=" + ConsoleTestHosts.POOL + "]")).click();
      browser.findElement(By.id("plan-show")).click();
      wait.until(d -> !d.findElements(By.cssSelector("#plan ol.plan > li")).isEmpty());
      assertThat(browser.findElement(By.id("plan")).getText()).contains(node1 + ": container tdc-1",
          node2 + ": container tdc-2").doesNotContain("node3");

      ConsoleTestHosts.awaitSsh();
      ConsoleTestHosts.freeze(node2);
      browser.findElement(By.id("plan-start")).click();
      browser.findElement(By.id("confirm-ok")).click();
      wait.until(d -> d.getCurrentUrl().contains("#/jobs/") && !d.findElements(By.id("job-log")).isEmpty());
      job = browser.getCurrentUrl().replaceFirst(".*#/jobs/", "");
      wait.until(d -> console.jobPage().log().contains("--name=tdc-1"));
      assertThat(console.jobPage().state()).as(node2 + " is frozen").isEqualTo("running");
      assertThat(console.jobPage().log()).contains(ConsoleTestHosts.ROOT + "/" + node1 + "/etc/glusterfs-tdc")
          .doesNotContain(ConsoleTestHosts.ROOT + "/" + node2);
      assertThat(admin.get("/api/v1/jobs/" + job).json().get("state").asString()).isEqualTo("running");
      console.screenshot("job-running");
      ConsoleTestHosts.thaw(node2);
      new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(50))
          .until(d -> !console.jobPage().state().equals("running"));
      assertThat(console.jobPage().state()).as(admin.get("/api/v1/jobs/" + job + "/log", "text/plain").body())
          .isEqualTo("succeeded");
      assertThat(console.jobPage().log())
          .contains(ConsoleTestHosts.ROOT + "/" + node2 + "/etc/glusterfs-tdc", "--name=tdc-2");
      for (String container : List.of("tdc-1", "tdc-2")) {
        assertThat(TestHosts.inspect(container, "{{.State.Running}}")).as(container).isEqualTo("true");
      }
      console.screenshot("job");

      console.show("#/jobs", "jobs");
      WebElement row = browser.findElement(By.cssSelector("table.jobs tr[data-job='" + job + "']"));
      assertThat(row.getText()).contains("deploy-pool", "succeeded", "8 / 8");
      console.screenshot("jobs");
    } finally {
      // a failed assertion may leave the job running on a paused host: end it before removing its hosts
      ConsoleTestHosts.thaw(node2);
      if (job != null) {
        endJob(job);
      }
      ScriptedHostsConfiguration.reachForReal(context, List.of());
      ConsoleTestHosts.cleanUp(admin);
    }
  }

  private void endJob(String job) {
    admin.post("/api/v1/jobs/" + job + "/cancel", "");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (List.of("queued", "running").contains(admin.get("/api/v1/jobs/" + job).json().get("state").asString())
        && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Test
  void theAuditLogFiltersByActorAndPool() throws IOException {
    assertThat(admin.post("/api/v1/pools/gluster-ocp/reconcile", "").status()).isEqualTo(200);
    console.signIn("admin", TestHttp.ADMIN_SECRET);
    console.show("#/audit", "audit");
    assertThat(browser.findElements(By.cssSelector("table.audit tbody tr"))).isNotEmpty();
    browser.findElement(By.name("actor")).sendKeys("admin");
    new Select(browser.findElement(By.name("pool"))).selectByValue("gluster-ocp");
    browser.findElement(By.cssSelector("#audit-form button")).click();
    wait.until(d -> d.getCurrentUrl().contains("pool=gluster-ocp") && "audit".equals(console.view()));
    List<WebElement> rows = browser.findElements(By.cssSelector("table.audit tbody tr"));
    assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("admin", "gluster-ocp"));
    console.screenshot("audit");
  }

  @Test
  void aViewerSeesNoActionsAndAWriteFromThePageIsRefused() {
    console.signIn("console-viewer", viewerSecret);
    console.show("#/platform", "platform");
    assertThat(browser.findElement(By.id("who-name")).getText()).endsWith("(viewer)");
    assertThat(devices("node2", "gluster-ocp")).containsExactlyElementsOf(OCP_DEVICES);
    int jobs = admin.get("/api/v1/jobs").json().size();
    for (String view : List.of("platform", "pools", "jobs", "plan", "audit")) {
      console.show("#/" + view, view);
      assertThat(browser.findElements(By.cssSelector("#view-body button"))).as(view).isEmpty();
    }
    Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const auth = 'Basic ' + btoa(sessionStorage.getItem('tandem.client') + ':' + sessionStorage.getItem('tandem.secret'));
        fetch('/api/v1/jobs', {method: 'POST', headers: {Authorization: auth, 'Content-Type': 'application/json'},
          body: JSON.stringify({type: 'prepare-hosts'})}).then(r => done(r.status), e => done(String(e)));
        """);
    assertThat(status).isEqualTo(403L);
    assertThat(admin.get("/api/v1/jobs").json().size()).as("no job for the viewer").isEqualTo(jobs);
  }

  /**
   * At a phone's 390×844 every view fits the window's width (only the grid, the log and long
   * tables scroll, each in its own box), and the navigation reaches every view.
   */
  @Test
  void everyViewFitsANarrowScreenAndTheGridScrollsInItsOwnBox() throws IOException {
    TestHttp.Response started = admin.post("/api/v1/jobs", "{\"type\":\"prepare-hosts\"}");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      console.signInPage();
      assertThat(((Number) console.script("return innerWidth")).longValue()).isLessThanOrEqualTo(390);
      assertThat(console.overflow()).as("sign-in").isLessThanOrEqualTo(0);
      console.screenshot("sign-in-narrow");
      console.signIn("admin", TestHttp.ADMIN_SECRET);
      for (String view : List.of("platform", "pools", "jobs", "plan", "audit")) {
        WebElement link = browser.findElement(By.cssSelector("nav a[href='#/" + view + "']"));
        assertThat(link.isDisplayed()).as(view).isTrue();
        assertThat(link.getRect().getX() + link.getRect().getWidth()).as(view).isLessThanOrEqualTo(390);
        link.click();
        wait.until(d -> view.equals(console.view()));
        assertThat(console.overflow()).as(view).isLessThanOrEqualTo(0);
        console.screenshot(view + "-narrow");
      }
      console.show("#/jobs/" + started.json().get("id").asString(), "job");
      assertThat(console.overflow()).as("job").isLessThanOrEqualTo(0);
      console.screenshot("job-narrow");

      console.show("#/platform", "platform");
      Object grid = console.script("""
          const box = document.querySelector('#view-body .scroll');
          box.scrollLeft = box.scrollWidth;
          return [box.scrollWidth > box.clientWidth, box.scrollLeft > 0,
            box.getBoundingClientRect().right <= innerWidth];
          """);
      assertThat(grid).as("the grid is wider than its box, scrolls in it, and the box fits the window")
          .isEqualTo(List.of(true, true, true));
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 800));
    }
  }

  // ---- helpers ----

  String base() {
    return "http://127.0.0.1:" + port;
  }

  WebElement cell(String host, String pool) {
    return browser.findElement(By.cssSelector("tr[data-host='" + host + "'] td[data-pool='" + pool + "']"));
  }

  List<String> devices(String host, String pool) {
    return cell(host, pool).findElements(By.cssSelector("[data-device]")).stream()
        .map(e -> e.getAttribute("data-device")).toList();
  }
}
