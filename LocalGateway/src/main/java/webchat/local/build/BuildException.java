package webchat.local.build;

import java.io.IOException;

/** A function that could not be built; the message names the function, the step and Maven's last lines. */
public final class BuildException extends IOException {

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
