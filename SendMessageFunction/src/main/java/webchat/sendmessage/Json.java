package webchat.sendmessage;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Strict JSON in and out: a whole text must be one JSON value, nothing after it. */
final class Json {

    private Json() {
    }

    static Object read(String text) throws IOException {
        try (JsonParser parser = JSON.std.createParser(text)) {
            Object value = JSON.std.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "Unexpected content after the JSON value");
            }
            return value;
        }
    }

    static String write(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
