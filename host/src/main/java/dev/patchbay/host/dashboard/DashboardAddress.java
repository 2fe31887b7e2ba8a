package dev.patchbay.host.dashboard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the dashboard listens: {@code PORT} (on the loopback interface) or {@code HOST:PORT}.
 *
 * @param host the address to bind
 * @param port 0 to 65535; 0 picks a free port
 */
public record DashboardAddress(InetAddress host, int port) {

    /**
     * Reads {@code 8080}, {@code 127.0.0.1:8080} or {@code [::1]:8080}.
     *
     * @throws IllegalArgumentException with a message fit for the user if it is neither
     */
    public static DashboardAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? null : text.substring(0, colon);
        String port = colon < 0 ? text : text.substring(colon + 1);
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' is not a port number; give PORT or HOST:PORT,"
                    + " e.g. 8080 or 127.0.0.1:8080");
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("a port is 0 to 65535 (0: any free port)");
        }
        if (host == null) {
            return new DashboardAddress(InetAddress.getLoopbackAddress(), number);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new DashboardAddress(InetAddress.getByName(host), number);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    /** Only this machine can reach it. */
    public boolean loopback() {
        return host.isLoopbackAddress();
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** {@code 127.0.0.1:8080}, {@code [::1]:8080}. */
    static String hostPort(InetAddress host, int port) {
        String h = host.getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }
}
