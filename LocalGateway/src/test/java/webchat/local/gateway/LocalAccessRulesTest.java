package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Host, Origin and signature rules as pure functions; LocalGatewayAccessTest sends the real requests. */
class LocalAccessRulesTest {

    private final HostCheck hosts = new HostCheck("127.0.0.1", List.of("my-laptop.local"));
    private final OriginCheck origins = new OriginCheck(List.of("https://chat.example.com"));

    @Test
    void hostMustNameTheGatewayWithThePortTheRequestArrivedOn() {
        assertTrue(hosts.allows("127.0.0.1:3001", 3001, false));
        assertTrue(hosts.allows("LocalHost:3001", 3001, false));
        assertTrue(hosts.allows("[::1]:3001", 3001, false));
        assertTrue(hosts.allows("my-laptop.local:3001", 3001, false));
        assertTrue(hosts.allows("localhost", 443, true), "no port means the scheme's default");
        assertTrue(hosts.allows(null, 3001, false), "HTTP/1.0 without Host: never a browser");

        assertFalse(hosts.allows("localhost:3002", 3001, false));
        assertFalse(hosts.allows("localhost", 3001, false));
        assertFalse(hosts.allows("evil.example:3001", 3001, false));
        assertFalse(hosts.allows("localhost.evil.example:3001", 3001, false));
        assertFalse(hosts.allows("127.0.0.1:x", 3001, false));
        assertTrue(new HostCheck("::1", List.of()).describe().startsWith("[::1]"));
    }

    @Test
    void originsOfTheOwnPageLocalPagesAndAllowedOnesAreAccepted() {
        assertTrue(origins.allows(null, "127.0.0.1:3001"));
        assertTrue(origins.allows("http://127.0.0.1:3001", "127.0.0.1:3001"));
        assertTrue(origins.allows("http://my-laptop.local:3001", "my-laptop.local:3001"), "own page, allowed name");
        assertTrue(origins.allows("http://localhost:5173", "127.0.0.1:3001"));
        assertTrue(origins.allows("https://[::1]", "127.0.0.1:3001"));
        assertTrue(origins.allows("https://chat.example.com", "127.0.0.1:3001"));
        assertTrue(origins.allows("https://CHAT.example.com:443", "127.0.0.1:3001"), "as browsers normalise it");

        assertFalse(origins.allows("https://evil.example", "127.0.0.1:3001"));
        assertFalse(origins.allows("null", "127.0.0.1:3001"));
        assertFalse(origins.allows("http://localhost.evil.example", "127.0.0.1:3001"));
        assertFalse(origins.allows("not an origin", "127.0.0.1:3001"));
    }

    @Test
    void connectionsApiTakesNoPageButAllowedOnes() {
        assertTrue(origins.allowsCallsFrom(null));
        assertTrue(origins.allowsCallsFrom("https://chat.example.com"));
        assertFalse(origins.allowsCallsFrom("http://localhost:5173"));
        assertFalse(origins.allowsCallsFrom("http://127.0.0.1:3001"));
    }

    @Test
    void optionValuesAreCheckedWithAClearMessage() {
        assertEquals(List.of("https://chat.example.com", "http://a.local:8080", "null"), new LocalAccess(List.of(),
                List.of("https://Chat.Example.com/", "http://a.local:8080", "null")).allowedOrigins());
        assertEquals(List.of("my-laptop.local"), new LocalAccess(List.of("My-Laptop.local"), List.of()).allowedHosts());

        var path = assertThrows(IllegalArgumentException.class,
                () -> new LocalAccess(List.of(), List.of("https://chat.example.com/app")));
        assertTrue(path.getMessage().startsWith("--allow-origin takes a web page's origin"), path.getMessage());
        var port = assertThrows(IllegalArgumentException.class,
                () -> new LocalAccess(List.of("my-laptop.local:3001"), List.of()));
        assertTrue(port.getMessage().startsWith("--allowed-host takes a host name"), port.getMessage());
    }

    @Test
    void signatureIsRequiredAsApiGatewayAnswersWithout() {
        var missing = SignatureCheck.refusal(Map.<String, String>of()::get, null);
        assertEquals(403, missing.status());
        assertEquals("MissingAuthenticationTokenException", missing.headers().get("x-amzn-ErrorType"));
        assertEquals("{\"message\":\"Missing Authentication Token\"}", missing.bodyText());

        var incomplete = SignatureCheck.refusal(Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=a/b")::get, null);
        assertEquals("IncompleteSignatureException", incomplete.headers().get("x-amzn-ErrorType"));
        assertTrue(incomplete.bodyText().contains("Authorization header requires 'Signature' parameter. Authorization"
                + " header requires 'SignedHeaders' parameter. Authorization header requires existence of either a"
                + " 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=a/b"),
                incomplete.bodyText());

        assertNull(SignatureCheck.refusal(Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=local/20261127/"
                + "us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
                "X-Amz-Date", "20261127T130000Z")::get, null));
        assertNull(SignatureCheck.refusal(Map.<String, String>of()::get, "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=a&X-Amz-Date=b&X-Amz-SignedHeaders=host&X-Amz-Signature=c"));
        assertEquals(403, SignatureCheck.refusal(Map.<String, String>of()::get, "X-Amz-Signature=c").status());
    }
}
