package dev.tandem.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.exec.TestComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium at 1280×800, driven by Selenium, on the console of the Tandem at
 * {@code base}: what the console's tests do on every page (sign in, open a view, read the job page,
 * save a screenshot under target/console-screenshots/ with no error in the browser's log).
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target/console-screenshots");

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final String base;
  private final Path profile;

  private ConsoleBrowser(String base, Path profile, ChromeDriver driver) {
    this.base = base;
    this.profile = profile;
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
    // the job page redraws its steps as the log arrives
    wait.ignoring(StaleElementReferenceException.class);
  }

  static ConsoleBrowser start(String base) throws IOException {
    TestComponents.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium and its driver (Debian's chromium and chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver)");
    Path profile = Files.createTempDirectory("tandem-console-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,800", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
    Files.createDirectories(SCREENSHOTS);
    return new ConsoleBrowser(base, profile, driver);
  }

  /** Opens the sign-in page afresh (nothing kept from an earlier sign-in). */
  void signInPage() {
    driver.get(base + "/");
    script("sessionStorage.clear()");
    driver.navigate().refresh();
    wait.until(d -> d.findElement(By.id("client")).isDisplayed());
  }

  /** Signs in and waits for the console or for the refusal. */
  void signIn(String client, String secret) {
    signInPage();
    driver.findElement(By.id("client")).sendKeys(client);
    driver.findElement(By.id("secret")).sendKeys(secret);
    driver.findElement(By.cssSelector("#sign-in-form button")).click();
    wait.until(d -> d.findElement(By.id("view")).isDisplayed()
        || !d.findElement(By.id("sign-in-error")).getText().isEmpty());
    assertThat(errors()).isEmpty();
  }

  /** Opens a view and waits until it has loaded. */
  void show(String hash, String view) {
    driver.get(base + "/" + hash);
    wait.until(d -> view.equals(view()));
    assertThat(driver.findElement(By.id("view-error")).getText()).isEmpty();
  }

  /** The view shown once it has loaded, or null while it loads. */
  String view() {
    List<WebElement> body = driver.findElements(By.cssSelector("#view-body:not([aria-busy])"));
    return body.isEmpty() ? null : body.get(0).getAttribute("data-view");
  }

  /** The job page's state and log, read at one instant. */
  record JobPage(String state, String log) {}

  JobPage jobPage() {
    List<?> read = (List<?>) script("return [document.getElementById('job-state')?.textContent ?? '',"
        + " document.getElementById('job-log').textContent]");
    return new JobPage((String) read.get(0), (String) read.get(1));
  }

  /** How far the page reaches beyond the window's width, in CSS pixels (0 or less: it fits). */
  long overflow() {
    return ((Number) script("return document.documentElement.scrollWidth - innerWidth")).longValue();
  }

  Object script(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /**
   * What the browser logged as errors since the last call: a policy violation, a failed script. An
   * answer's status is the page's to show (the refused sign-in, the viewer's audit), not an error.
   */
  List<String> errors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
            && !e.getMessage().contains("Failed to load resource: the server responded with a status of"))
        .map(LogEntry::getMessage).toList();
  }

  Path screenshot(String name) throws IOException {
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(errors()).as(name).isEmpty();
    return file;
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
