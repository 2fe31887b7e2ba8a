package dev.patchbay.host.control;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sends one command to a running host and returns its result rows. */
public final class ControlClient {
    private ControlClient() {
    }

    /**
     * @return the result rows (one JSON object each, in order)
     * @throws PatchbayException with the host's message and code when it answers ERR with an error code, or when it
     *                           cannot be reached
     * @throws ControlException  when it answers ERR for a reason of its own (no such channel, busy, ...)
     */
    public static List<Map<String, Object>> call(Path socket, String command) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            SocketOwner.requireSameUser(channel, socket);
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals(ControlProtocol.OK)) {
                    return rows;
                }
                if (line.startsWith(ControlProtocol.ERR)) {
                    throw failure(line.substring(ControlProtocol.ERR.length()));
                }
                rows.add(ControlJson.parse(line));
            }
            throw new PatchbayException(ErrorCode.IO_FAILURE, "the host at " + socket + " hung up without an answer");
        } catch (IOException e) {
            throw new PatchbayException(ErrorCode.IO_FAILURE, "cannot reach the host at " + socket + ": "
                    + e.getMessage());
        }
    }

    private static RuntimeException failure(String rest) {
        int space = rest.indexOf(' ');
        String category = space < 0 ? rest : rest.substring(0, space);
        String message = space < 0 ? rest : rest.substring(space + 1);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(category)) {
                return new PatchbayException(code, message);
            }
        }
        for (ControlException.Kind kind : ControlException.Kind.values()) {
            if (kind.name().equals(category)) {
                return new ControlException(kind, message);
            }
        }
        return new IllegalStateException("the host failed: " + message);
    }
}
