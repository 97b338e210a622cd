package webchat.local.browser;

import static webchat.local.events.CaptureApp.eventType;
import static webchat.local.events.CaptureApp.of;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;
import webchat.local.events.AwsShapes;
import webchat.local.events.CaptureApp;

/**
 * A real Chromium tab connects to the event-capture app, sends a message and is closed; the events its connection
 * produced have API Gateway's shapes for a browser (the header set a browser sends, minus Connection and Upgrade, its
 * User-Agent on every event, and a closed tab reported as 1001 with an empty reason).
 */
class BrowserEventsTest {

    @TempDir
    Path folder;

    @Test
    void aRealBrowsersConnectionProducesTheBrowserShapedEvents() throws Exception {
        Chromium.assumeInstalled();
        try (var app = CaptureApp.start(folder, "template.yaml")) {
            var driver = Chromium.start(folder.resolve("chromium"));
            try {
                var firstTab = driver.getWindowHandle();
                driver.switchTo().newWindow(WindowType.TAB);
                driver.get(app.pageUrl().toString());
                driver.executeScript("""
                        window.socket = new WebSocket(arguments[0]);
                        window.socket.onopen = () => window.socket.send(arguments[1]);""",
                        app.url("?name=Ann").toString(), "{\"action\":\"hello\",\"data\":\"hi\"}");
                var connect = app.next(eventType("CONNECT"));
                var id = connect.path("requestContext").path("connectionId").textValue();
                var message = app.next(of("MESSAGE", id));
                new WebDriverWait(driver, Duration.ofSeconds(10))
                        .until(d -> driver.executeScript("return window.socket.readyState === 1;"));
                driver.close();
                driver.switchTo().window(firstTab);
                var disconnect = app.next(of("DISCONNECT", id));

                AwsShapes.assertShape("connect-browser.json", withFixtureBrowserValues(connect));
                AwsShapes.assertShape("message-browser.json", withFixtureBrowserValues(message));
                AwsShapes.assertShape("disconnect-going-away.json", withFixtureBrowserValues(disconnect));
            } finally {
                driver.quit();
            }
        }
    }

    /**
     * The fixtures hold one browser's User-Agent and Accept-Language; this browser chooses its own. Those values (and
     * only those) are replaced by the fixture's after checking that identity.userAgent is the User-Agent header.
     */
    private static JsonNode withFixtureBrowserValues(JsonNode captured) {
        var event = (ObjectNode) captured.deepCopy();
        var identity = (ObjectNode) event.path("requestContext").path("identity");
        var sentAgent = event.path("headers").path("User-Agent");
        if (!sentAgent.isMissingNode() && !sentAgent.equals(identity.path("userAgent"))) {
            throw new AssertionError("identity.userAgent is not the User-Agent header: " + captured);
        }
        var fixtureAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                + "Safari/537.36";
        if (identity.has("userAgent")) {
            identity.put("userAgent", fixtureAgent);
        }
        replaceHeader(event, "User-Agent", fixtureAgent);
        replaceHeader(event, "Accept-Language", "en-US,en;q=0.9");
        return event;
    }

    private static void replaceHeader(ObjectNode event, String name, String value) {
        if (event.path("headers").has(name)) {
            ((ObjectNode) event.get("headers")).put(name, value);
            ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
        }
    }
}
