package webchat.local.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** @connections requests signed with AWS SigV4 by the SDK's own signer, as the SDK and the CLI send them. */
public final class SignedRequests {

    private static final AwsCredentialsIdentity LOCAL = AwsCredentialsIdentity.create("local", "local");

    private SignedRequests() {
    }

    /** A request signed for execute-api in us-east-1 with the local credentials; body may be empty. */
    public static HttpRequest signed(String method, URI uri, byte[] body) {
        var unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method)).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(LOCAL)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        var builder = HttpRequest.newBuilder(uri)
                .method(method, body.length == 0 && !method.equals("POST") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        // The JDK client sets Host itself (to the same value); it refuses to be given one.
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    public static HttpRequest signedPost(URI uri, byte[] body) {
        return signed("POST", uri, body);
    }

    public static HttpRequest signedGet(URI uri) {
        return signed("GET", uri, new byte[0]);
    }

    public static HttpRequest signedDelete(URI uri) {
        return signed("DELETE", uri, new byte[0]);
    }
}
