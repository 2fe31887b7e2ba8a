package dev.patchbay.host.control;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.testkit.Fuzz;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random, malformed and oversized request lines sent to the real control socket of a running host that has a
 * channel open. Every request must get JSON rows and then one final line, {@code OK} or {@code ERR <category>} with
 * a category of docs/CONTROL.md other than INTERNAL, within a deadline; and the host must go on answering.
 */
class ControlLineFuzzTest {
    private static final Duration PER_INPUT = Duration.ofSeconds(30);
    private static final List<String> COMMANDS = List.of("channels", "modules", "swap", "rollback", "cancel", "help",
            "CHANNELS", "swap\tc1", "");
    private static final List<String> ARGUMENTS = List.of("c1", "c99", "", "fifo", "shm", "nope", "fifo:", ":",
            "fifo:../x", "fifo:a?maxMessage=-1", "shm:x?size=1t", "fifo:x?openTimeout=1ms", "%00", "c1 c1 c1",
            "--host", "-o", "json", "\u00e9\u2603", "\0");
    private static final Set<String> CATEGORIES = new HashSet<>(List.of("NO_SUCH_CHANNEL", "NOTHING_TO_DO", "BUSY",
            "BAD_REQUEST"));

    static {
        Arrays.stream(ErrorCode.values()).map(Enum::name).forEach(CATEGORIES::add);
    }

    @TempDir
    Path dir;

    @Test
    void everyLineGetsAWellFormedAnswerAndTheHostCarriesOn() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay host = Patchbay.start(HostConfig.of(plugins).withControl(true));
             Patchbay peer = Patchbay.start(plugins)) {
            // A channel for swap, rollback and cancel to find, so that their arguments are read and not just missed.
            String address = "fifo:ctlfuzz-" + ProcessHandle.current().pid();
            CompletableFuture<Channel> listening = CompletableFuture.supplyAsync(() -> host.listen(address));
            Channel peerSide = peer.connect(address);
            try (peerSide; Channel channel = listening.get(30, TimeUnit.SECONDS)) {
                Path socket = host.controlSocket().orElseThrow();
                Fuzz.run(150, PER_INPUT, (fuzz, replay) -> {
                    byte[] line = line(fuzz);
                    judge(ask(socket, line), line, replay + "request " + printable(line) + ": ");
                });
                assertThat(new String(ask(socket, "channels\n".getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8)).as("the host still answers")
                        .contains("\"name\":\"" + channel.name() + "\"").endsWith("OK\n");
            }
        }
    }

    private static byte[] line(Fuzz fuzz) {
        int kind = fuzz.random().nextInt(10);
        if (kind == 0) {
            return fuzz.bytes(fuzz.between(0, 200));
        }
        if (kind == 1) {
            // Over the 4096-byte limit, with or without its newline.
            String word = "x".repeat(fuzz.between(4000, 70_000));
            return (fuzz.random().nextBoolean() ? "channels " + word + "\n" : word).getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder(COMMANDS.get(fuzz.random().nextInt(COMMANDS.size())));
        for (int a = fuzz.between(0, 3); a > 0; a--) {
            s.append(fuzz.random().nextInt(8) == 0 ? "  " : " ")
                    .append(ARGUMENTS.get(fuzz.random().nextInt(ARGUMENTS.size())));
        }
        byte[] text = s.toString().getBytes(StandardCharsets.UTF_8);
        return switch (kind) {
            case 2 -> fuzz.mutate(text);
            case 3 -> text; // no newline: the client half-closes instead
            case 4 -> (s + "\r\n").getBytes(StandardCharsets.UTF_8);
            default -> (s + "\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Sends the line, half-closes, and reads the whole answer; a host that hangs up early is read all the same. */
    private static byte[] ask(Path socket, byte[] line) throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            try {
                ByteBuffer out = ByteBuffer.wrap(line);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                client.shutdownOutput();
            } catch (IOException e) {
                // The host refused an oversized line and closed: its answer is still there to read.
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            try {
                while (client.read(in.clear()) >= 0) {
                    answer.write(in.array(), 0, in.position());
                }
            } catch (IOException e) {
                // Reset after the host closed on a line it refused: what arrived before counts.
            }
            return answer.toByteArray();
        }
    }

    private static void judge(byte[] raw, byte[] request, String replay) {
        String answer = new String(raw, StandardCharsets.UTF_8);
        if (request.length == 0 && answer.isEmpty()) {
            return;
        }
        assertThat(answer).as(replay + "answer ends with a line").endsWith("\n");
        String[] lines = answer.split("\n");
        for (int l = 0; l < lines.length - 1; l++) {
            assertThat(lines[l]).as(replay + "result row " + l).startsWith("{").endsWith("}");
        }
        String last = lines[lines.length - 1];
        if (!last.equals("OK")) {
            assertThat(last).as(replay + "final line").startsWith("ERR ");
            String category = last.split(" ", 3)[1];
            assertThat(CATEGORIES).as(replay + "category of " + last).contains(category);
        }
    }

    private static String printable(byte[] line) {
        String s = new String(line, 0, Math.min(line.length, 80), StandardCharsets.UTF_8);
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'" + (line.length > 80 ? "... (" + line.length + " bytes)" : "");
    }
}
