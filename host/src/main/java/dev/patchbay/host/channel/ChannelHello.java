package dev.patchbay.host.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HELLO frame each side of a channel sends first: the channel protocol version it speaks and its capabilities,
 * as {@code key=value} lines (UTF-8) like PREPARE's, so a C peer reads it with {@code strtok}. A side that gets a
 * major version it does not speak answers REFUSE with number 0 and closes the channel; the message names both
 * versions. A peer that sends no HELLO (a log replayed from the middle, or a peer written before versions) is taken
 * to speak 1.0, whose frames 2.0 keeps unchanged.
 */
final class ChannelHello {
    /** Channel protocol 2: HELLO and the REFUSE of a whole channel are new; every 1.0 frame is unchanged. */
    static final int MAJOR = 2;
    static final int MINOR = 0;
    /** What this side does beyond DATA: it takes part in migrations (a minimal peer refuses them). */
    static final String CAPABILITIES = "migrate";

    /** What a peer said in its HELLO. */
    record Peer(int major, int minor, String capabilities) {
        String version() {
            return major + "." + minor;
        }
    }

    private ChannelHello() {
    }

    static String version() {
        return MAJOR + "." + MINOR;
    }

    static ByteBuffer body() {
        String text = "protocol=" + version() + "\ncapabilities=" + CAPABILITIES + "\n";
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    static Peer read(ByteBuffer body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : ControlBody.text(body).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String protocol = fields.getOrDefault("protocol", "");
        int dot = protocol.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? protocol : protocol.substring(0, dot));
            int minor = dot < 0 ? 0 : Integer.parseInt(protocol.substring(dot + 1));
            return new Peer(major, minor, fields.getOrDefault("capabilities", ""));
        } catch (NumberFormatException e) {
            throw new ChannelException("HELLO without a readable protocol version: '" + ControlBody.text(body)
                    + "'");
        }
    }

    /** Null if this side speaks the peer's version; otherwise why not, naming both versions. */
    static String mismatch(Peer peer) {
        if (peer.major() == MAJOR) {
            return null;
        }
        return "the peer speaks channel protocol " + peer.version() + ", this host speaks " + version()
                + "; run the same major version of Patchbay on both sides";
    }
}
