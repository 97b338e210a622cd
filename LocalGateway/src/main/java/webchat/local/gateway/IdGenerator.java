package webchat.local.gateway;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes connection, request and message ids. */
@FunctionalInterface
public interface IdGenerator {

    String next();

    /** Ids shaped like API Gateway's: 11 random bytes in URL-safe base64, 16 characters ending in {@code =}. */
    static IdGenerator random() {
        var random = new SecureRandom();
        var encoder = Base64.getUrlEncoder();
        return () -> {
            var bytes = new byte[11];
            random.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
    }
}
