package webchat.local.template;

import java.util.List;

/**
 * A Lambda REQUEST authorizer ({@code AWS::ApiGatewayV2::Authorizer}) guarding the {@code $connect} route.
 *
 * @param logicalId         the Authorizer resource
 * @param name              its Name
 * @param functionLogicalId the template function its AuthorizerUri invokes, or null when that function does not run
 *                          locally (every handshake is then refused with 500, as AWS does when it cannot call it)
 * @param identitySources   e.g. {@code route.request.header.Auth}, {@code route.request.querystring.token}; each must
 *                          be present and non-empty or the handshake gets 401 without a call
 * @param methodArn         what the authorizer event names, {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect}
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html">
 *     WebSocket Lambda REQUEST authorizers</a>
 */
public record Authorizer(String logicalId, String name, String functionLogicalId, List<String> identitySources,
                         String methodArn) {

    public Authorizer {
        identitySources = List.copyOf(identitySources);
    }
}
