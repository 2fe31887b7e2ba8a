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

/** Sends one command to a running host and returns its result lines. */
public final class ControlClient {
    private ControlClient() {
    }

    /**
     * @return the result lines (without the final OK)
     * @throws PatchbayException with the host's message when it answers ERR, or when it cannot be reached
     */
    public static List<String> call(Path socket, String command) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals(ControlProtocol.OK)) {
                    return lines;
                }
                if (line.startsWith(ControlProtocol.ERR)) {
                    throw new PatchbayException(ErrorCode.MIGRATION_FAILED,
                            line.substring(ControlProtocol.ERR.length()));
                }
                lines.add(line);
            }
            throw new PatchbayException(ErrorCode.IO_FAILURE, "the host at " + socket + " hung up without an answer");
        } catch (IOException e) {
            throw new PatchbayException(ErrorCode.IO_FAILURE, "cannot reach the host at " + socket + ": "
                    + e.getMessage());
        }
    }
}
