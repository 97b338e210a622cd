package webchat.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import webchat.local.LocalChat;
import webchat.local.LocalChatOptions;
import webchat.local.browser.ChatPage.Message;

/** The page's connection state follows the gateway going away and coming back on the same port. */
class ReconnectTest {

    /** Backoff attempts grow to several seconds while the gateway is down; the cap is 30 s. */
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(45);

    @TempDir
    Path profile;
    private LocalChat chat;
    private ChromeDriver driver;

    @BeforeEach
    void startTheChatAndTheBrowser() throws Exception {
        Chromium.assumeInstalled();
        chat = LocalChat.start(options(0));
        driver = Chromium.start(profile.resolve("chromium"));
    }

    @AfterEach
    void stopTheBrowserAndTheChat() {
        if (driver != null) {
            driver.quit();
        }
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void stoppingTheGatewayShowsReconnectingAndRestartingItOnTheSamePortShowsConnected() throws Exception {
        // given
        ChatPage page = ChatPage.open(driver, chat.webUrl() + "?name=Rita");
        page.waitForState("connected");
        int port = URI.create(String.valueOf(chat.webUrl())).getPort();

        // when the gateway stops
        chat.close();
        chat = null;

        // then
        page.waitForState("reconnecting");
        assertTrue(page.stateText().matches("reconnecting in \\d+ s"), page.stateText());

        // when it comes back on the same port
        chat = LocalChat.start(options(port));

        // then
        new WebDriverWait(driver, RECONNECT_WAIT).withMessage(() -> "page state " + page.stateText())
                .until(d -> "connected".equals(page.state()));
        page.type("back again");
        page.waitForMessages(1);
        assertEquals(List.of(new Message("Rita", "back again", true)), page.messages());
    }

    private static LocalChatOptions options(int port) {
        return LocalChatOptions.builder(ChatPageTest.projectRoot()).port(port)
                // The chat's behaviour, not its speed: no broadcast warm-up in SendMessage's priming (it would spend
                // up to 45 s of CPU at every start and for every environment prepared in reserve).
                .parameterOverrides(Map.of("BroadcastPrimingSeconds", "0")).build();
    }
}
