package webchat.local.gateway;

import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The @connections API requires AWS Signature Version 4, as API Gateway does: a request with neither a SigV4
 * {@code Authorization} header nor a presigned query gets API Gateway's 403 {@code MissingAuthenticationTokenException}
 * {@code {"message":"Missing Authentication Token"}}; an {@code Authorization} header that is not SigV4 gets its 403
 * {@code IncompleteSignatureException} naming the missing parts.
 *
 * <p>Only the presence and shape of the signature are checked, not its value: the local credentials are public
 * ({@code local}/{@code local}), so checking them would stop no one, while any credentials a developer's SDK or CLI
 * happens to sign with keep working. What keeps web pages out is {@link OriginCheck}: a browser cannot add an
 * {@code Authorization} header to a cross-site request without a CORS preflight the gateway never grants, and every
 * request a page can send with a forged presigned query carries an {@code Origin} header.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html">
 *     @connections requests use IAM authorization, signed with SigV4</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html">
 *     MISSING_AUTHENTICATION_TOKEN: 403</a>
 * @see <a href="https://github.com/aws-samples/serverless-patterns/blob/main/apigw-rest-api-iam-authorizer-sigv4a-sls-py/README.md">
 *     an unsigned request to an IAM-authorized API: 403, x-amzn-errortype MissingAuthenticationTokenException</a>
 */
final class SignatureCheck {

    static final String MISSING_TOKEN = "MissingAuthenticationTokenException";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Set<String> PRESIGNED = Set.of("x-amz-algorithm", "x-amz-credential", "x-amz-date",
            "x-amz-signedheaders", "x-amz-signature");

    private SignatureCheck() {
    }

    /**
     * @param header   the request's header by (case-insensitive) name, null when absent
     * @param rawQuery the query string as sent, or null
     * @return the refusal, or null when the request is signed
     */
    static ManagementApi.Reply refusal(Function<String, String> header, String rawQuery) {
        var authorization = header.apply("Authorization");
        if (authorization == null) {
            return isPresigned(rawQuery) ? null
                    : ManagementApi.error(403, MISSING_TOKEN, "Missing Authentication Token");
        }
        var missing = new ArrayList<String>();
        var value = authorization.strip();
        var signed = value.startsWith(ALGORITHM + " ") ? value.substring(ALGORITHM.length()) : "";
        for (var part : new String[] {"Credential", "Signature", "SignedHeaders"}) {
            if (!signed.matches("(?s).*[ ,]" + part + "=[^ ,]+.*")) {
                missing.add("Authorization header requires '" + part + "' parameter.");
            }
        }
        if (header.apply("X-Amz-Date") == null && header.apply("Date") == null) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        return missing.isEmpty() ? null : ManagementApi.error(403, INCOMPLETE_SIGNATURE,
                String.join(" ", missing) + " Authorization=" + authorization);
    }

    private static boolean isPresigned(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        var names = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
        for (var pair : rawQuery.split("&")) {
            var equals = pair.indexOf('=');
            if (equals > 0 && equals < pair.length() - 1) {
                names.add(pair.substring(0, equals));
            }
        }
        return names.containsAll(PRESIGNED);
    }
}
