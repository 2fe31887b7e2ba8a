package dev.patchbay.host.control;

/**
 * The control protocol, in full: the client sends one line, {@code <command> [argument ...]} (words separated by
 * single spaces); the server answers with any number of result lines and then one final line, {@code OK} or
 * {@code ERR <message>}, and closes the connection.
 */
final class ControlProtocol {
    static final String OK = "OK";
    static final String ERR = "ERR ";

    private ControlProtocol() {
    }
}
