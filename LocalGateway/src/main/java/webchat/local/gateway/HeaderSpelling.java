package webchat.local.gateway;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections whose request header names stay as the client spelled them. API Gateway passes names on as
 * sent (a lowercase {@code x-api-key} or {@code user-agent} stays lowercase in the $connect event); Jetty 12.1's parser
 * re-cases every name it knows ({@code user-agent} becomes {@code User-Agent}): its look-ahead finds known names in a
 * case-insensitive index and keeps the index's spelling, even with the CASE_SENSITIVE_FIELD_NAME compliance
 * "violation" allowed. So the parser here notes the names as they appear in the bytes it is about to parse, and its
 * {@code caseInsensitiveHeader} hook (which names every known header) answers with the noted spelling.
 */
final class HeaderSpelling extends HttpConnectionFactory {

    HeaderSpelling(HttpConfiguration configuration) {
        super(allowingNamesAsSent(configuration));
    }

    private static HttpConfiguration allowingNamesAsSent(HttpConfiguration configuration) {
        configuration.setHttpCompliance(configuration.getHttpCompliance().with("header names as sent",
                HttpCompliance.Violation.CASE_SENSITIVE_FIELD_NAME));
        return configuration;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        var connection = new NamesAsSent(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class NamesAsSent extends HttpConnection {

        private RequestHandler handler;

        NamesAsSent(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        /** Called by the super constructor just before {@link #newHttpParser}, which needs the handler. */
        @Override
        protected RequestHandler newRequestHandler() {
            handler = super.newRequestHandler();
            return handler;
        }

        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            var configuration = getHttpConfiguration();
            var parser = new SpellingParser(handler, configuration.getRequestHeaderSize(), compliance);
            parser.setHeaderCacheSize(configuration.getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(configuration.isHeaderCacheCaseSensitive());
            return parser;
        }
    }

    /** Notes each header name's spelling from the bytes before parsing them, and names fields with it. */
    private static final class SpellingParser extends HttpParser {

        private final Map<String, String> spelling = new HashMap<>();

        SpellingParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
            super(handler, maxHeaderBytes, compliance);
        }

        @Override
        public boolean parseNext(ByteBuffer buffer) {
            // Only while a header block is being read: body bytes (e.g. a @connections POST of a broadcast) are
            // never scanned.
            if (inHeaderState()) {
                noteNames(buffer.duplicate());
            }
            return super.parseNext(buffer);
        }

        @Override
        protected String caseInsensitiveHeader(String parsed, String canonical) {
            if (!parsed.equals(canonical)) {
                return parsed;
            }
            return spelling.getOrDefault(canonical.toLowerCase(Locale.ROOT), canonical);
        }

        /** Reads "Name:" at the start of each line up to the blank line that ends the header block. */
        private void noteNames(ByteBuffer bytes) {
            var name = new StringBuilder();
            var atLineStart = true;
            var inName = false;
            while (bytes.hasRemaining()) {
                var b = (char) (bytes.get() & 0xFF);
                if (b == '\n') {
                    if (atLineStart) {
                        return;
                    }
                    atLineStart = true;
                    inName = true;
                    name.setLength(0);
                } else if (b == '\r') {
                    continue;
                } else if (inName && b == ':') {
                    var spelled = name.toString();
                    spelling.put(spelled.toLowerCase(Locale.ROOT), spelled);
                    inName = false;
                    atLineStart = false;
                } else {
                    atLineStart = false;
                    if (inName && (b <= ' ' || name.length() > 100)) {
                        inName = false;
                    } else if (inName) {
                        name.append(b);
                    }
                }
            }
        }
    }
}
