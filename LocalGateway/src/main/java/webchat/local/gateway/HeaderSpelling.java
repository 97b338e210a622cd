package webchat.local.gateway;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * Keeps header names as the client spelled them. Jetty's parser re-cases the names it knows ({@code user-agent}
 * becomes {@code User-Agent}) unless the CASE_SENSITIVE_FIELD_NAME "violation" is allowed; API Gateway passes names
 * on as sent (a lowercase {@code x-api-key} stays lowercase in the $connect event).
 */
final class HeaderSpelling {

    private HeaderSpelling() {}

    static HttpConfiguration asSent(HttpConfiguration configuration) {
        configuration.setHttpCompliance(HttpCompliance.RFC9110.with("header names as sent",
                HttpCompliance.Violation.CASE_SENSITIVE_FIELD_NAME));
        return configuration;
    }
}
