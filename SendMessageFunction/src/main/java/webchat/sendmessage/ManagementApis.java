package webchat.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * The @connections API that answers an event's connections: the configured endpoint (MANAGEMENT_ENDPOINT; the template
 * sets this API's execute-api endpoint) when set, else {@code https://{domainName}/{stage}} from the event. One client
 * per endpoint, built once and reused; a configured endpoint's client is built up front, in the init phase, so that
 * with SnapStart it is in the snapshot rather than on the first message's path.
 */
final class ManagementApis {

    private final Function<String, ApiGatewayManagementApiClient> clientFactory;
    private final String configuredEndpoint;
    private final ConcurrentMap<String, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();

    ManagementApis(Function<String, ApiGatewayManagementApiClient> clientFactory, String configuredEndpoint) {
        this.clientFactory = clientFactory;
        this.configuredEndpoint = withoutTrailingSlash(configuredEndpoint == null ? "" : configuredEndpoint.strip());
        if (!this.configuredEndpoint.isEmpty()) {
            clients.put(this.configuredEndpoint, clientFactory.apply(this.configuredEndpoint));
        }
    }

    ApiGatewayManagementApiClient forEvent(APIGatewayV2WebSocketEvent event) {
        return clients.computeIfAbsent(endpointFor(event), clientFactory);
    }

    String endpointFor(APIGatewayV2WebSocketEvent event) {
        if (!configuredEndpoint.isEmpty()) {
            return configuredEndpoint;
        }
        var request = event.getRequestContext();
        return "https://" + request.getDomainName() + "/" + request.getStage();
    }

    private static String withoutTrailingSlash(String endpoint) {
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }
}
