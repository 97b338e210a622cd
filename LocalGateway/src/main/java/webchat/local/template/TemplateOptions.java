package webchat.local.template;

import java.security.SecureRandom;
import java.util.Map;

/**
 * How to resolve a template locally: parameter overrides and the values AWS would supply (stack name, region,
 * account id, API id).
 *
 * @param parameterOverrides values for the template's Parameters, like {@code sam deploy --parameter-overrides}
 * @param stackName          {@code AWS::StackName}; default {@code webchat-local}
 * @param region             {@code AWS::Region}; default {@code us-east-1}
 * @param accountId          {@code AWS::AccountId}; default {@code 123456789012}
 * @param apiId              the WebSocket API's id; null generates 10 random lower-case letters and digits
 */
public record TemplateOptions(
        Map<String, String> parameterOverrides, String stackName, String region, String accountId, String apiId) {

    public static final String DEFAULT_STACK_NAME = "webchat-local";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public TemplateOptions {
        parameterOverrides = parameterOverrides == null ? Map.of() : Map.copyOf(parameterOverrides);
        stackName = stackName == null ? DEFAULT_STACK_NAME : stackName;
        region = region == null ? DEFAULT_REGION : region;
        accountId = accountId == null ? DEFAULT_ACCOUNT_ID : accountId;
    }

    /** The defaults: no overrides, stack {@code webchat-local}, {@code us-east-1}, a generated API id. */
    public static TemplateOptions defaults() {
        return new TemplateOptions(Map.of(), null, null, null, null);
    }

    public TemplateOptions withParameterOverrides(Map<String, String> overrides) {
        return new TemplateOptions(overrides, stackName, region, accountId, apiId);
    }

    public TemplateOptions withApiId(String id) {
        return new TemplateOptions(parameterOverrides, stackName, region, accountId, id);
    }

    /** A fresh id shaped like API Gateway's: 10 lower-case letters and digits. */
    static String randomApiId() {
        var id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
