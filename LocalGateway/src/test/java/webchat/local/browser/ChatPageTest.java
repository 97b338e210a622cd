package webchat.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import webchat.local.LocalChat;
import webchat.local.LocalChatOptions;
import webchat.local.browser.ChatPage.Message;
import webchat.local.gateway.LocalAccess;

/** The browser client served by the real local gateway, driven in headless Chromium. */
class ChatPageTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records every frame the page hands to its WebSocket, and the socket itself, without changing what is sent. */
    private static final String SEND_SPY = """
            window.__sent = [];
            const send = WebSocket.prototype.send;
            WebSocket.prototype.send = function (data) {
              window.__sent.push(data);
              window.__socket = this;
              return send.call(this, data);
            };""";

    @TempDir
    static Path profile;
    private static LocalChat chat;
    private static ChromeDriver driver;
    private static String blankWindow;

    @BeforeAll
    static void startTheChatAndTheBrowser() throws Exception {
        Chromium.assumeInstalled();
        // a page opened from disk sends Origin: null, which the gateway refuses unless allowed (README: Local security)
        chat = LocalChat.start(LocalChatOptions.builder(projectRoot()).port(0)
                .localAccess(new LocalAccess(List.of(), List.of("null"))).build());
        driver = Chromium.start(profile.resolve("chromium"));
        blankWindow = driver.getWindowHandle();
    }

    @AfterAll
    static void stopTheBrowserAndTheChat() {
        if (driver != null) {
            driver.quit();
        }
        if (chat != null) {
            chat.close();
        }
    }

    @AfterEach
    void closeThePages() {
        for (String window : driver.getWindowHandles()) {
            if (!window.equals(blankWindow)) {
                driver.switchTo().window(window).close();
            }
        }
        driver.switchTo().window(blankWindow);
    }

    @Test
    void twoPagesBothShowAMessageAndOnlyTheSenderMarksItAsOwn() throws Exception {
        // given
        ChatPage alice = connectedPage();
        ChatPage bob = connectedPage();
        assertEquals(String.valueOf(chat.webSocketUrl()), alice.endpoint());

        // when
        String hello = "Hello Bob, the stack is up. Try it from your phone?";
        alice.type(hello);
        bob.waitForMessages(1);
        String reply = "Works on my phone too. <b>Nice</b> latency!";
        bob.type(reply);
        alice.waitForMessages(2);
        String next = "Great. Deploying to prod next.";
        alice.type(next);

        // then
        alice.waitForMessages(3);
        assertEquals(List.of(new Message(hello, true), new Message(reply, false), new Message(next, true)),
                alice.messages());
        bob.waitForMessages(3);
        assertEquals(List.of(new Message(hello, false), new Message(reply, true), new Message(next, false)),
                bob.messages());
        saveScreenshots(alice);
    }

    @Test
    void htmlAndScriptInAMessageAreShownAsTextAndRunNothing() {
        // given
        ChatPage alice = connectedPage();
        ChatPage bob = connectedPage();
        String payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script><b>bold?</b>";

        // when
        alice.type(payload);
        bob.waitForMessages(1);
        alice.waitForMessages(1);

        // then
        assertEquals(List.of(new Message(payload, false)), bob.messages());
        assertEquals(List.of(new Message(payload, true)), alice.messages());
        for (ChatPage page : List.of(alice, bob)) {
            assertNull(page.script("return window.__xss;"), "the payload ran as code");
            assertEquals(0L, page.script("return document.querySelectorAll('#messages img, #messages script, #messages b').length;"));
        }
    }

    @Test
    void anOversizedMessageIsRefusedInThePageAndNothingIsSent() throws Exception {
        // given
        ChatPage alice = connectedPage();
        ChatPage bob = connectedPage();
        alice.script(SEND_SPY);
        String tooLong = "é".repeat(20_000);
        int frameBytes = frameBytes(tooLong);

        // when
        alice.paste(tooLong);

        // then
        NumberFormat numbers = NumberFormat.getIntegerInstance(Locale.US);
        assertTrue(alice.inputError().startsWith("Message too long: " + numbers.format(frameBytes)
                + " bytes; the limit is 32,768 bytes per message"), alice.inputError());
        assertEquals(0L, alice.script("return window.__sent.length;"), "the page handed the frame to the socket");
        assertEquals(tooLong, alice.inputValue(), "the refused text should stay in the box");
        assertEquals("connected", alice.state());

        // and a message exactly at the limit still goes through, and is the only one the other page sees
        String atLimit = "a".repeat(32_768 - frameBytes(""));
        assertEquals(32_768, frameBytes(atLimit));
        alice.paste(atLimit);
        alice.waitForMessages(1);
        assertEquals(List.of(new Message(atLimit, true)), alice.messages());
        bob.waitForMessages(1);
        assertEquals(List.of(new Message(atLimit, false)), bob.messages());
        assertEquals("", alice.inputError());
    }

    @Test
    void serverErrorNoticesAreShownAsNoticesNotAsChatLines() {
        // given
        ChatPage alice = connectedPage();
        alice.script(SEND_SPY);
        alice.type("first");
        alice.waitForMessages(1);

        // when
        alice.script("window.__socket.send(JSON.stringify({action: 'shout', data: 'x'}));");

        // then
        alice.waitUntil("a notice", () -> !alice.notices().isEmpty());
        String notice = alice.notices().getFirst();
        assertTrue(notice.contains("UNKNOWN_ACTION") && notice.contains("shout"), notice);
        assertEquals(List.of(new Message("first", true)), alice.messages());
    }

    @Test
    void aPageOpenedFromDiskConnectsWhereItIsToldAndRemembersTheLastUrl() {
        // given a page opened from a file, with no endpoint known yet
        String fromDisk = projectRoot().resolve("web").resolve("index.html").toUri().toString();
        String webSocketUrl = String.valueOf(chat.webSocketUrl());
        driver.switchTo().newWindow(WindowType.WINDOW);
        ChatPage page = ChatPage.open(driver, fromDisk);
        page.waitUntil("the missing endpoint explained", () -> page.inputError().startsWith("No endpoint yet"));
        assertEquals("disconnected", page.state());

        // when the user enters the gateway's URL
        page.connectTo(webSocketUrl);

        // then
        page.waitForState("connected");
        assertEquals(webSocketUrl, page.endpoint());

        // and when the file is opened again without a URL, the last one is used
        ChatPage reopened = ChatPage.open(driver, fromDisk);
        reopened.waitForState("connected");
        assertEquals(webSocketUrl, reopened.endpoint());

        // and ?url= wins over the remembered URL; an endpoint nobody answers never shows as connected
        String nobody = "ws://127.0.0.1:9/dev";
        ChatPage elsewhere = ChatPage.open(driver, fromDisk + "?url=" + URLEncoder.encode(nobody, StandardCharsets.UTF_8));
        assertEquals(nobody, elsewhere.endpoint());
        elsewhere.waitForState("reconnecting");
    }

    private ChatPage connectedPage() {
        driver.switchTo().newWindow(WindowType.WINDOW);
        ChatPage page = ChatPage.open(driver, String.valueOf(chat.webUrl()));
        page.waitForState("connected");
        return page;
    }

    private static int frameBytes(String data) throws Exception {
        String frame = JSON.writeValueAsString(JSON.createObjectNode().put("action", "sendMessage").put("data", data));
        return frame.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void saveScreenshots(ChatPage page) throws Exception {
        page.script("document.activeElement.blur();");
        Files.createDirectories(SCREENSHOTS);
        driver.manage().window().setSize(new Dimension(900, 700));
        Files.write(SCREENSHOTS.resolve("chat.png"), driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(390, 844));
        Files.write(SCREENSHOTS.resolve("chat-phone.png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("webchat.projectRoot", "..")).toAbsolutePath().normalize();
    }
}
