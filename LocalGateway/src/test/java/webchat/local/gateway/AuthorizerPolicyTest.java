package webchat.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizerPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/$connect";

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "Allow | execute-api:Invoke | arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/$connect | ALLOW",
        "Allow | execute-api:invoke | arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/$connect | ALLOW",
        "Allow | execute-api:*      | arn:aws:execute-api:eu-west-1:123456789012:abc123/*             | ALLOW",
        "Allow | *                  | *                                                                | ALLOW",
        "Allow | execute-api:Invoke | arn:aws:execute-api:eu-west-1:123456789012:abc123/pro?/$connect | ALLOW",
        "Allow | execute-api:Invoke | arn:aws:execute-api:eu-west-1:123456789012:abc123/dev/$connect  | DENY",
        "Allow | s3:GetObject       | *                                                                | DENY",
        "Deny  | execute-api:Invoke | arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/$connect | DENY",
        "Maybe | execute-api:Invoke | *                                                                | INVALID",
    })
    void oneStatement(String effect, String action, String resource, AuthorizerPolicy.Decision expected)
            throws Exception {
        var policy = JSON.readTree("""
                {"Version":"2012-10-17","Statement":[{"Effect":"%s","Action":"%s","Resource":"%s"}]}"""
                .formatted(effect, action, resource));

        assertEquals(expected, AuthorizerPolicy.evaluate(policy, ARN));
    }

    @org.junit.jupiter.api.Test
    void anExplicitDenyWinsOverAnAllow() throws Exception {
        var policy = JSON.readTree("""
                {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
                              {"Effect":"Deny","Action":["execute-api:Invoke"],"Resource":["%s"]}]}""".formatted(ARN));

        assertEquals(AuthorizerPolicy.Decision.DENY, AuthorizerPolicy.evaluate(policy, ARN));
    }

    @org.junit.jupiter.api.Test
    void aPolicyWithoutStatementsIsInvalid() throws Exception {
        assertEquals(AuthorizerPolicy.Decision.INVALID, AuthorizerPolicy.evaluate(JSON.readTree("{}"), ARN));
        assertEquals(AuthorizerPolicy.Decision.INVALID,
                AuthorizerPolicy.evaluate(JSON.readTree("{\"Statement\":[]}"), ARN));
    }
}
