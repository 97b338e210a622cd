package webchat.local.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import webchat.local.LocalChatOptions;
import webchat.local.dynamodb.Dynalite;
import webchat.local.reliability.ReliabilityChat.Connected;

/**
 * One test's chat, its clients and, when DynamoDB is to answer late, the dynalite and delaying proxy under it, all
 * closed after the test; register it with {@code @RegisterExtension} and start the chat through it.
 */
final class ReliabilityStack implements AfterEachCallback {

    private final List<Connected> clients = new ArrayList<>();
    private Dynalite dynalite;
    private DelayingDynamoDbProxy proxy;
    private ReliabilityChat chat;

    /** A chat with the in-memory dynalite it starts itself. */
    ReliabilityChat start(UnaryOperator<LocalChatOptions.Builder> customize) throws Exception {
        chat = ReliabilityChat.start(customize);
        return chat;
    }

    /** A chat on a dynalite of its own, behind a proxy that answers this DynamoDB operation (e.g. PutItem) late. */
    ReliabilityChat startWithLateDynamoDb(String operation, Duration delay,
                                          UnaryOperator<LocalChatOptions.Builder> customize) throws Exception {
        dynalite = Dynalite.start(ReliabilityChat.projectRoot().resolve("LocalGateway"), null, line -> {});
        proxy = new DelayingDynamoDbProxy(dynalite.endpoint(), operation, delay);
        return start(options -> customize.apply(options.dynamoDbEndpoint(proxy.endpoint())));
    }

    /** The delaying proxy of {@link #startWithLateDynamoDb}. */
    DelayingDynamoDbProxy proxy() {
        return proxy;
    }

    /** The clients to close after the test: add every client the test connects. */
    List<Connected> clients() {
        return clients;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(c -> c.client().close());
        if (chat != null) {
            chat.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
