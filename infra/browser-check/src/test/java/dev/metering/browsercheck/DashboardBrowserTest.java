package dev.metering.browsercheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The usage page in headless Chromium against the local run (run by {@code infra/browser-check/run.sh},
 * which starts it and hands over its URL and tokens): it loads, shows the demo account's pools, draws
 * the chart, shows an organization's admin the seats, loads its styles under its content security
 * policy, and tells of a refused token.
 */
class DashboardBrowserTest {

    private static final String URL = required("metering.url");
    private static final Path TOKENS = Path.of(required("metering.tokens"));

    private WebDriver browser;

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set: run infra/browser-check/run.sh, which starts the local run");
        }
        return value;
    }

    @BeforeEach
    void browser() {
        // Debian's chromium and chromium-driver: the driver manager cannot download one here.
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() {
        browser.quit();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @Test
    void thePageShowsTheDemoAccountsPoolsAndDrawsTheChart() throws Exception {
        JsonNode tokens = new ObjectMapper().readTree(TOKENS.toFile());
        browser.get(URL + "/dashboard#token=" + tokens.get("owner").asText());

        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");
        assertThat(browser.findElement(By.id("who")).getText()).contains("acct_42");
        assertThat(browser.findElement(By.id("p-figures")).getText()).contains("granted").contains("remaining").contains("$");
        assertThat(browser.findElement(By.id("i-figures")).getText()).contains("allowance");
        assertThat(browser.findElement(By.id("ledger")).findElements(By.cssSelector("tbody tr"))).isNotEmpty();
        waiting().until(d -> !d.findElement(By.id("last")).getText().isBlank());
        assertThat(browser.findElement(By.id("last")).getText()).contains("credit expired");
        Long inked = (Long) ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.querySelector('#chart canvas');
                if (!canvas) return 0;
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let inked = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
                return inked;""");
        assertThat(inked).as("pixels the chart drew").isGreaterThan(500);

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theBudgetsStandAgainstTheirLimitsAndTheTopTagsAreShown() throws Exception {
        JsonNode tokens = new ObjectMapper().readTree(TOKENS.toFile());
        browser.get(URL + "/dashboard#token=" + tokens.get("owner").asText());

        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        assertThat(browser.findElement(By.id("budgets-section")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("budgets")).findElements(By.cssSelector("tbody tr[data-budget]")))
                .extracting(row -> row.getAttribute("data-budget")).contains("ci-daily", "search-hourly");
        String ci = browser.findElement(By.cssSelector("#budgets tr[data-budget='ci-daily']")).getText();
        assertThat(ci).contains("source claude-code-github-actions").contains("day").contains("$1.00");
        assertThat(browser.findElement(By.id("tags-section")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#tags tr[data-tag]"))).extracting(row -> row.getAttribute("data-tag"))
                .contains("team=search");
    }

    @Test
    void anOrganizationsAdminWithNoAccountOfTheirOwnSeesTheSeats() throws Exception {
        JsonNode tokens = new ObjectMapper().readTree(TOKENS.toFile());
        browser.get(URL + "/dashboard#token=" + tokens.get("orgAdmin").asText());

        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).as("no banner for the account it does not have").isFalse();
        assertThat(browser.findElement(By.id("seats")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("org")).getText()).isEqualTo("org_7");
        assertThat(browser.findElement(By.id("seats")).findElements(By.cssSelector("tbody tr"))).isNotEmpty();
        assertThat(browser.findElement(By.id("programmatic")).isDisplayed()).isFalse();
    }

    @Test
    void theStylesLoadUnderAPolicyThatAllowsNoInlineStyleOrScript() {
        browser.get(URL + "/dashboard#token=not-a-valid-token");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        // The header's dark background comes from app.css: the policy let the stylesheet in, and the script ran.
        assertThat(browser.findElement(By.tagName("header")).getCssValue("background-color")).isEqualTo("rgba(29, 35, 43, 1)");
    }

    @Test
    void aRefusedTokenIsToldAndTheTokenAskedFor() {
        browser.get(URL + "/dashboard#token=not-a-valid-token");

        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(browser.findElement(By.id("problem")).getText()).contains("401");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat((String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('metering.token')")).isNull();
    }
}
