package webchat.local.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import webchat.local.LocalChat;
import webchat.local.LocalChatOptions;
import webchat.local.browser.Chromium;
import webchat.local.testing.TestClient;

/**
 * A web page the developer visits, served by a second local server on another port under a foreign name
 * (Chromium resolves evil.example to 127.0.0.1, as a DNS rebinding attacker would make it), tries to join the local
 * chat, to post into it through @connections, to read DynamoDB, and to load the gateway under its own name: all
 * fail. The gateway's own chat page still connects and chats.
 */
class ForeignPageInChromiumTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ATTACK_PAGE = """
            <!doctype html><meta charset="utf-8"><title>a page you visited</title>
            <script>
            const p = new URLSearchParams(location.search);
            const gateway = p.get("gateway");
            window.results = {};
            const ws = new WebSocket("ws://" + gateway + "/dev?name=Mallory");
            ws.onopen = () => {
              results.webSocket = "open";
              ws.send(JSON.stringify({action: "sendMessage", data: "injected over a WebSocket"}));
            };
            ws.onclose = () => { results.webSocket = results.webSocket || "refused"; };
            fetch("http://" + gateway + "/dev/@connections/" + encodeURIComponent(p.get("victim")), {
              method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"},
              body: "injected by a web page you visited"
            }).then(() => { results.post = "sent"; }, () => { results.post = "network error"; });
            fetch(p.get("dynamodb"), {
              method: "POST", body: "{}",
              headers: {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"}
            }).then(r => r.text()).then(t => { results.dynamoDb = "read " + t; }, () => { results.dynamoDb = "blocked"; });
            </script>""";

    @TempDir
    static Path profile;
    private static final List<String> CONSOLE = new CopyOnWriteArrayList<>();
    private static LocalChat chat;
    private static HttpServer otherSite;
    private static ChromeDriver driver;

    @BeforeAll
    static void startTheChatTheOtherSiteAndTheBrowser() throws Exception {
        Chromium.assumeInstalled();
        chat = LocalChat.start(LocalChatOptions.builder(Path.of(System.getProperty("webchat.projectRoot", "..")))
                // The chat's behaviour, not its speed: no broadcast warm-up in SendMessage's priming (it would spend
                // up to 45 s of CPU at every start and for every environment prepared in reserve).
                .parameterOverrides(Map.of("BroadcastPrimingSeconds", "0"))
                .port(0).console(CONSOLE::add).build());
        otherSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherSite.createContext("/", exchange -> {
            var body = ATTACK_PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        otherSite.start();
        driver = Chromium.start(profile.resolve("chromium"), "--host-resolver-rules=MAP evil.example 127.0.0.1");
    }

    @AfterAll
    static void stopEverything() {
        if (driver != null) {
            driver.quit();
        }
        if (otherSite != null) {
            otherSite.stop(0);
        }
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void aForeignPageCannotJoinPostReadDynamoDbOrRebindAndTheChatPageStillWorks() throws Exception {
        var gateway = chat.webSocketUrl().getAuthority();
        var before = new HashSet<>(chat.connectionIds());
        try (var victim = TestClient.connect(chat.webSocketUrl())) {
            var ids = new HashSet<>(chat.connectionIds());
            ids.removeAll(before);
            var victimId = ids.iterator().next();

            // when a page on http://evil.example:PORT tries everything at once
            driver.get("http://evil.example:" + otherSite.getAddress().getPort() + "/?gateway=" + gateway
                    + "&victim=" + URLEncoder.encode(victimId, StandardCharsets.UTF_8)
                    + "&dynamodb=" + URLEncoder.encode(chat.dynamoDbEndpoint().toString(), StandardCharsets.UTF_8));
            new WebDriverWait(driver, WAIT).until(d -> driver.executeScript(
                    "return results.webSocket && results.post && results.dynamoDb ? true : null"));
            @SuppressWarnings("unchecked")
            var results = (Map<String, Object>) driver.executeScript("return results");

            // then the WebSocket is refused, the post is dropped, DynamoDB stays unreadable, the victim hears nothing
            assertEquals("refused", results.get("webSocket"), results.toString());
            assertEquals("blocked", results.get("dynamoDb"), results.toString());
            assertNull(victim.poll(Duration.ofSeconds(2)), "the chat received a foreign page's text");
            var origin = "http://evil.example:" + otherSite.getAddress().getPort();
            assertTrue(CONSOLE.stream().anyMatch(line -> line.contains("from the web page at " + origin)
                    && line.contains("--allow-origin " + origin)), String.join("\n", CONSOLE));

            // and loading the gateway under the foreign name (DNS rebinding) gets a refusal, not the chat
            driver.get("http://evil.example:" + chat.webSocketUrl().getPort() + "/");
            assertTrue(driver.getPageSource().contains("does not answer requests for Host"), driver.getPageSource());

            // while the gateway's own page still loads, connects and chats
            driver.get(chat.webUrl().toString());
            driver.executeScript("""
                    const ws = new WebSocket(arguments[0]);
                    ws.onopen = () => ws.send(JSON.stringify({action: "sendMessage", data: "hello from the chat page"}));
                    """, chat.webSocketUrl().toString());
            var received = victim.next(WAIT);
            assertTrue(received != null && received.contains("hello from the chat page"), String.valueOf(received));
        }
    }
}
