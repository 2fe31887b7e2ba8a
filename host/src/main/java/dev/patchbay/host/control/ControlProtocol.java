package dev.patchbay.host.control;

/**
 * The control protocol, in full (docs/CONTROL.md): the client sends one line, {@code <command> [argument ...]}
 * (words separated by spaces, at most {@link ControlLimits#maxLineBytes()} bytes); the server answers with any number
 * of result lines, each one JSON object, and then one final line, {@code OK} or {@code ERR <CATEGORY> <message>},
 * and closes the connection. {@code CATEGORY} is an {@link dev.patchbay.api.ErrorCode} name, a
 * {@link ControlException.Kind} name, or {@code INTERNAL}.
 */
final class ControlProtocol {
    static final String OK = "OK";
    static final String ERR = "ERR ";
    static final String INTERNAL = "INTERNAL";

    private ControlProtocol() {
    }

    /** The final line of a failed request: one line, whatever the message holds. */
    static String err(String category, String message) {
        return ERR + category + " " + String.valueOf(message).replace('\n', ' ').replace('\r', ' ');
    }
}
