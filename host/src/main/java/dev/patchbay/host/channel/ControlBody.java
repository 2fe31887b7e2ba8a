package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bodies of control frames. PREPARE carries {@code key=value} lines (UTF-8) so that a C peer can read it with
 * {@code strtok}; REFUSE and ABORT carry a UTF-8 reason; SWITCH carries one u64 sequence number, RESUME one u64
 * followed by the reason the side fell back (UTF-8, may be empty).
 */
final class ControlBody {
    private ControlBody() {
    }

    /** What PREPARE asks the peer to open. */
    record Prepare(Address address, ModuleSpec module) {
    }

    static ByteBuffer prepare(Address address, ModuleSpec module) {
        String text = "address=" + address + "\nmodule=" + module.id() + "\nversion=" + module.version()
                + "\nsha256=" + module.sha256() + "\n";
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    static Prepare readPrepare(ByteBuffer body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text(body).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String address = fields.get("address");
        if (address == null || !fields.containsKey("module")) {
            throw new ChannelException("PREPARE without address or module: '" + text(body) + "'");
        }
        Address parsed;
        try {
            parsed = Address.parse(address);
        } catch (AddressException e) {
            // The peer's frame is broken, not this side's configuration: corrupt input, as a missing field is.
            throw new ChannelException("PREPARE names an address that cannot be read: " + e.getMessage());
        }
        return new Prepare(parsed, new ModuleSpec(fields.get("module"),
                fields.getOrDefault("version", "?"), fields.getOrDefault("sha256", "")));
    }

    static ByteBuffer text(String reason) {
        return ByteBuffer.wrap(reason.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer body) {
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static ByteBuffer sequence(long sequence) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, sequence);
    }

    static ByteBuffer resume(long nextExpected, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN).putLong(nextExpected).put(text)
                .flip();
    }

    /** The reason after a RESUME's sequence number; empty when the peer sent none. */
    static String readResumeReason(ByteBuffer body) {
        if (body.remaining() <= 8) {
            return "";
        }
        return text(body.duplicate().position(body.position() + 8));
    }

    /** The u64 a body starts with; {@code frame} names the frame (kind, migration, channel) in the error. */
    static long readSequence(ByteBuffer body, String frame) {
        if (body.remaining() < 8) {
            throw new ChannelException(frame + " is too short for its sequence number: " + body.remaining()
                    + " bytes of body, 8 needed");
        }
        return body.order(ByteOrder.LITTLE_ENDIAN).getLong(body.position());
    }
}
