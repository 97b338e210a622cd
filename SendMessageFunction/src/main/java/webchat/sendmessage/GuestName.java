package webchat.sendmessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fallback display name {@code Guest-XXXX} (XXXX: the first 4 hex digits, upper case, of SHA-256(connectionId)),
 * the same one $connect stores for a connection without a valid name. Used when the sender's row has no name.
 */
final class GuestName {

    private GuestName() {
    }

    static String of(String connectionId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(connectionId.getBytes(StandardCharsets.UTF_8));
            return "Guest-" + HexFormat.of().withUpperCase().formatHex(hash, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
