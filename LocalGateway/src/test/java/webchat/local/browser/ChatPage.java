package webchat.local.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page in one browser window, read and driven through its data-testid attributes. */
final class ChatPage {

    /** The longest wait for the page: a function's cold start on a loaded 2-core machine has taken over 20 s. */
    static final Duration WAIT = Duration.ofSeconds(60);

    /** One rendered chat line: the author shown, the text, and whether the page marked it as its own. */
    record Message(String author, String text, boolean own) {
    }

    private final WebDriver driver;
    private final String window;

    private ChatPage(WebDriver driver, String window) {
        this.driver = driver;
        this.window = window;
    }

    /** Opens {@code url} in the window the driver is on now. */
    static ChatPage open(WebDriver driver, String url) {
        driver.get(url);
        return new ChatPage(driver, driver.getWindowHandle());
    }

    ChatPage focus() {
        if (!driver.getWindowHandle().equals(window)) {
            driver.switchTo().window(window);
        }
        return this;
    }

    String state() {
        return byTestId("connection-state").getAttribute("data-state");
    }

    String stateText() {
        return byTestId("connection-state").getText();
    }

    String endpoint() {
        return byTestId("endpoint").getText();
    }

    String inputError() {
        return byTestId("input-error").getText();
    }

    String inputValue() {
        return byTestId("message-input").getDomProperty("value");
    }

    /** The rendered chat lines, read in one script so that lines added or dropped meanwhile cannot go stale. */
    @SuppressWarnings("unchecked")
    List<Message> messages() {
        List<List<Object>> rows = (List<List<Object>>) script("""
                return Array.from(document.querySelectorAll('[data-testid=messages] [data-testid=message]'), item => [
                  item.querySelector('[data-testid=message-author]').textContent,
                  item.querySelector('[data-testid=message-text]').textContent,
                  item.dataset.own === 'true']);""");
        return rows.stream().map(r -> new Message((String) r.get(0), (String) r.get(1), (Boolean) r.get(2))).toList();
    }

    /** The notices as shown (their visible text), read in one script. */
    @SuppressWarnings("unchecked")
    List<String> notices() {
        return (List<String>) script(
                "return Array.from(document.querySelectorAll('[data-testid=notices] [data-testid=notice]'), n => n.innerText);");
    }

    /** The name shown as this page's own (the server's, once an own message came back). */
    String ownName() {
        return byTestId("own-name").getDomProperty("textContent");
    }

    String nameError() {
        return byTestId("name-error").getText();
    }

    boolean asksForName() {
        return byTestId("name-form").isDisplayed();
    }

    /** Opens the name form with "Change name" (unless it is open), puts {@code name} in the field, and submits it. */
    void enterName(String name) {
        if (!asksForName()) {
            byTestId("change-name-button").click();
        }
        WebElement field = byTestId("name-input");
        script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", field, name);
        field.sendKeys(Keys.ENTER);
    }

    /** Types {@code text} and presses Enter, as a user does. */
    void type(String text) {
        WebElement input = byTestId("message-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    /** Enters a WebSocket URL in the page's endpoint field and submits it with Enter. */
    void connectTo(String url) {
        WebElement field = byTestId("url-input");
        if (!field.isDisplayed()) {
            focus().driver.findElement(By.cssSelector("#endpoint-panel summary")).click();
        }
        field.clear();
        field.sendKeys(url);
        field.sendKeys(Keys.ENTER);
    }

    /** Puts a long text into the box at once (typing 40 000 keys would take minutes), then presses Enter. */
    void paste(String text) {
        WebElement input = byTestId("message-input");
        script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", input, text);
        input.sendKeys(Keys.ENTER);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) focus().driver).executeScript(script, args);
    }

    void waitForState(String state) {
        waitUntil("state " + state, () -> state.equals(state()));
    }

    void waitForMessages(int count) {
        waitUntil(count + " messages", () -> messages().size() >= count);
    }

    void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        focus();
        new WebDriverWait(driver, WAIT).withMessage(() -> "waiting for " + what + " in the page; state is "
                + state() + ", messages " + messages() + ", notices " + notices())
                .until(d -> condition.getAsBoolean());
    }

    private WebElement byTestId(String id) {
        return focus().driver.findElement(By.cssSelector("[data-testid=" + id + "]"));
    }
}
