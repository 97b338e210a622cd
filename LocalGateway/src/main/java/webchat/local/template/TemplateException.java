package webchat.local.template;

/** The template cannot be run locally: unreadable, a parameter without a value, or no WebSocket API in it. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
