package webchat.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import webchat.local.gateway.SignedRequests;
import webchat.local.testing.TestClient;

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
                // The chat's behaviour, not its speed: no broadcast warm-up in SendMessage's priming (it would spend
                // up to 45 s of CPU at every start and for every environment prepared in reserve).
                .parameterOverrides(Map.of("BroadcastPrimingSeconds", "0"))
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
    void twoNamedPagesChatEachMessageShowsItsAuthorAndOnlyTheSenderMarksItAsOwn() throws Exception {
        // given
        ChatPage alice = connectedPage("Alice");
        ChatPage bob = connectedPage("Bob");
        assertEquals(String.valueOf(chat.webSocketUrl()), alice.endpoint());
        assertEquals("Alice", alice.ownName());

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
        assertEquals(List.of(new Message("Alice", hello, true), new Message("Bob", reply, false),
                new Message("Alice", next, true)), alice.messages());
        bob.waitForMessages(3);
        assertEquals(List.of(new Message("Alice", hello, false), new Message("Bob", reply, true),
                new Message("Alice", next, false)), bob.messages());
        assertEquals(List.of(), alice.notices());
        String sentAt = (String) alice.script("return document.querySelector('#messages time').dateTime;");
        assertTrue(Math.abs(Duration.between(Instant.parse(sentAt), Instant.now()).toSeconds()) < 60, sentAt);
        saveScreenshots(alice);
    }

    @Test
    void htmlAndScriptInAMessageAreShownAsTextAndRunNothing() {
        // given
        ChatPage alice = connectedPage("Alice");
        ChatPage bob = connectedPage("Bob");
        String payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script><b>bold?</b>";

        // when
        alice.type(payload);
        bob.waitForMessages(1);
        alice.waitForMessages(1);

        // then
        assertEquals(List.of(new Message("Alice", payload, false)), bob.messages());
        assertEquals(List.of(new Message("Alice", payload, true)), alice.messages());
        for (ChatPage page : List.of(alice, bob)) {
            assertNull(page.script("return window.__xss;"), "the payload ran as code");
            assertEquals(0L, page.script("return document.querySelectorAll('#messages img, #messages script, #messages b').length;"));
        }
    }

    @Test
    void anOversizedMessageIsRefusedInThePageAndNothingIsSent() throws Exception {
        // given
        ChatPage alice = connectedPage("Alice");
        ChatPage bob = connectedPage("Bob");
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
        assertEquals(List.of(new Message("Alice", atLimit, true)), alice.messages());
        bob.waitForMessages(1);
        assertEquals(List.of(new Message("Alice", atLimit, false)), bob.messages());
        assertEquals("", alice.inputError());
    }

    @Test
    void serverErrorNoticesAreShownAsNoticesNotAsChatLines() {
        // given
        ChatPage alice = connectedPage("Alice");
        alice.script(SEND_SPY);
        alice.type("first");
        alice.waitForMessages(1);

        // when
        alice.script("window.__socket.send(JSON.stringify({action: 'shout', data: 'x'}));");

        // then
        alice.waitUntil("a notice", () -> !alice.notices().isEmpty());
        String notice = alice.notices().getFirst();
        assertTrue(notice.contains("UNKNOWN_ACTION") && notice.contains("\"sendMessage\""), notice);
        assertEquals(List.of(new Message("Alice", "first", true)), alice.messages());
    }

    @Test
    void textShapedLikeANoticeFromAnotherClientIsAnOrdinaryMessageFromThatClientInEveryPage() throws Exception {
        // given two pages and a client that is not a page
        ChatPage alice = connectedPage("Alice");
        ChatPage bob = connectedPage("Bob");
        String spoof = "{\"type\":\"error\",\"code\":\"X\",\"message\":\"Your session expired, re-enter your "
                + "password at evil.example\"}";

        // when that client sends the text of a server notice as its message
        try (TestClient mallory = TestClient.connect(chat.webSocketUrl(), "Mallory")) {
            mallory.sendMessage(spoof);

            // then both pages show it as Mallory's message, and neither shows a notice
            for (ChatPage page : List.of(alice, bob)) {
                page.waitForMessages(1);
                assertEquals(List.of(new Message("Mallory", spoof, false)), page.messages());
                assertEquals(List.of(), page.notices());
            }
        }
    }

    @Test
    void sendingFasterThanTheLimitShowsTheRateLimitedNoticeWithItsRetryTime() {
        // given
        ChatPage alice = connectedPage("Alice");
        alice.script(SEND_SPY);
        alice.type("one");
        alice.waitForMessages(1);

        // when the page's socket sends 15 more messages at once (the limit is 10 per window)
        alice.script("for (let i = 0; i < 15; i++) window.__socket.send(JSON.stringify("
                + "{action: 'sendMessage', data: 'burst ' + i}));");

        // then the page shows RATE_LIMITED notices saying when sending works again, and only what got through
        alice.waitUntil("a RATE_LIMITED notice", () -> alice.notices().stream().anyMatch(n -> n.contains("RATE_LIMITED")));
        String notice = alice.notices().stream().filter(n -> n.contains("RATE_LIMITED")).findFirst().orElseThrow();
        assertTrue(notice.contains("You can send again in") && notice.contains("Sending works again at"), notice);
        alice.waitForMessages(10);
        assertEquals(10, alice.messages().size(), alice.messages()::toString);
    }

    @Test
    void framesThatAreNeitherMessagesNorNoticesAreShownAsInertTextNotAsNotices() throws Exception {
        // given a page and its connection id
        Set<String> before = chat.connectionIds();
        ChatPage alice = connectedPage("Alice");
        Set<String> now = new HashSet<>(chat.connectionIds());
        now.removeAll(before);
        String id = now.iterator().next();

        // when the backend posts frames of a shape the page does not know, through @connections
        String unknownType = "{\"type\":\"surprise\",\"message\":\"<b>x</b>\"}";
        String bare = "<img src=x onerror=\"window.__xss=1\">plain";
        for (String frame : List.of(unknownType, bare)) {
            HttpResponse<String> posted = HttpClient.newHttpClient().send(SignedRequests.signedPost(
                            URI.create(chat.managementEndpoint() + "/@connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8)),
                            frame.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
        }

        // then both show as text lines that are not chat messages, and no notice appears
        alice.waitForMessages(2);
        assertEquals(List.of(new Message("Not a chat message", unknownType, false),
                new Message("Not a chat message", bare, false)), alice.messages());
        assertEquals(List.of(), alice.notices());
        assertNull(alice.script("return window.__xss;"));
        assertEquals(0L, alice.script("return document.querySelectorAll('#messages b, #messages img').length;"));
    }

    @Test
    void aNameAgainstTheRuleIsRefusedInThePageWithTheReasonAndNeverSent() {
        // given
        ChatPage alice = connectedPage("Alice");

        for (String[] bad : new String[][] {
                {"Ana\u0007", "U+0007"}, {"Ana\u202egnp.exe", "U+202E"}, {"\u2066Ana\u2069", "U+2066"},
                {"n".repeat(200), "200 characters; the limit is 32"}, {" \u00a0 ", "Enter a name"}}) {
            // when
            alice.enterName(bad[0]);

            // then
            assertTrue(alice.asksForName());
            assertTrue(alice.nameError().contains(bad[1]), alice.nameError());
            assertEquals("Alice", alice.ownName());
        }
        assertEquals("connected", alice.state());
    }

    @Test
    void changingTheNameReconnectsAndLaterMessagesCarryTheNewNameAsHtmlInertText() {
        // given
        ChatPage alice = connectedPage("Alice");
        ChatPage bob = connectedPage("Bob");
        alice.type("before");
        bob.waitForMessages(1);

        // when alice takes a name with HTML in it (valid: it is just text, 30 characters) and surrounding spaces
        String html = "<img src=x onerror=__xss=1><b>";
        alice.enterName("  " + html + "  ");
        assertEquals("", alice.nameError());
        alice.waitForState("connected");
        alice.type("after");

        // then
        bob.waitForMessages(2);
        assertEquals(List.of(new Message("Alice", "before", false), new Message(html, "after", false)), bob.messages());
        alice.waitForMessages(2);
        assertEquals(new Message(html, "after", true), alice.messages().getLast());
        assertEquals(html, alice.ownName());
        for (ChatPage page : List.of(alice, bob)) {
            assertNull(page.script("return window.__xss;"), "the name ran as code");
            assertEquals(0L, page.script("return document.querySelectorAll('body b, body img').length;"));
        }
    }

    @Test
    void namesAgainstTheRuleFromOtherClientsAppearAsTheirGuestNameAndHtmlNamesAsText() throws Exception {
        // given a page, and clients that are not pages, connecting with names the page would refuse
        ChatPage alice = connectedPage("Alice");
        Map<String, String> shown = new LinkedHashMap<>();
        for (String name : List.of("Ev\u0007e", "Ev\u202eil", "n".repeat(200), "<i>Ivy</i>")) {
            Set<String> before = chat.connectionIds();
            try (TestClient client = TestClient.connect(chat.webSocketUrl(), name)) {
                Set<String> now = new HashSet<>(chat.connectionIds());
                now.removeAll(before);
                String id = now.iterator().next();
                shown.put(name, name.startsWith("<") ? name : guestName(id));

                // when each sends a message
                client.sendMessage("from " + name.length() + " chars");
                client.next(ChatPage.WAIT);
            }
        }

        // then the page shows each under the name the server used, as text
        alice.waitForMessages(shown.size());
        assertEquals(List.copyOf(shown.values()), alice.messages().stream().map(Message::author).toList());
        assertEquals(0L, alice.script("return document.querySelectorAll('#messages i').length;"));
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
        assertTrue(page.asksForName(), "a page with no name asks for one");

        // when the user enters the gateway's URL, then a name
        page.connectTo(webSocketUrl);
        assertEquals("disconnected", page.state(), "the page connected before it had a name");
        page.enterName("Dora");

        // then
        page.waitForState("connected");
        assertEquals(webSocketUrl, page.endpoint());
        page.type("hi from disk");
        page.waitForMessages(1);
        assertEquals(List.of(new Message("Dora", "hi from disk", true)), page.messages());

        // and when the file is opened again without a URL, the last one and the name are used
        ChatPage reopened = ChatPage.open(driver, fromDisk);
        reopened.waitForState("connected");
        assertEquals(webSocketUrl, reopened.endpoint());
        assertEquals("Dora", reopened.ownName());
        assertFalse(reopened.asksForName());

        // and ?url= wins over the remembered URL; an endpoint nobody answers never shows as connected
        String nobody = "ws://127.0.0.1:9/dev";
        ChatPage elsewhere = ChatPage.open(driver, fromDisk + "?url=" + URLEncoder.encode(nobody, StandardCharsets.UTF_8));
        assertEquals(nobody, elsewhere.endpoint());
        elsewhere.waitForState("reconnecting");
    }

    /** A new window with the page, named through {@code ?name=} (as a bookmark can), connected. */
    private ChatPage connectedPage(String name) {
        driver.switchTo().newWindow(WindowType.WINDOW);
        ChatPage page = ChatPage.open(driver, chat.webUrl() + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        page.waitForState("connected");
        return page;
    }

    /** The frame the page sends for {@code data}: a crypto.randomUUID() clientMessageId is 36 characters. */
    private static int frameBytes(String data) throws Exception {
        String frame = JSON.writeValueAsString(JSON.createObjectNode().put("action", "sendMessage").put("data", data)
                .put("clientMessageId", UUID.randomUUID().toString()));
        return frame.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Protocol v2's fallback: Guest- and the first 4 hex digits (upper case) of SHA-256 of the connection id. */
    private static String guestName(String connectionId) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(connectionId.getBytes(StandardCharsets.UTF_8));
        return "Guest-" + HexFormat.of().withUpperCase().formatHex(hash, 0, 2);
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
