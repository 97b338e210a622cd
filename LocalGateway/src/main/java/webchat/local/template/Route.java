package webchat.local.template;

/**
 * One route of the WebSocket API.
 *
 * @param functionLogicalId the Lambda function its AWS_PROXY integration invokes, or null when the route has no
 *                          Lambda integration (a warning says so)
 * @param returnsResponse   true when the route is two-way (RouteResponseSelectionExpression plus an
 *                          AWS::ApiGatewayV2::RouteResponse): the function's returned body goes back to the caller
 * @param authorizer        the Lambda authorizer run before the route ({@code $connect} only), or null
 */
public record Route(String routeKey, String functionLogicalId, boolean returnsResponse, Authorizer authorizer) {

    public Route(String routeKey, String functionLogicalId, boolean returnsResponse) {
        this(routeKey, functionLogicalId, returnsResponse, null);
    }
}
