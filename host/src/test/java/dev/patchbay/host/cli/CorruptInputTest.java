package dev.patchbay.host.cli;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelState;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.kit.stream.FrameDescriptor;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Bytes that are not Patchbay frames end a {@code patchbay listen} at once, with a line that says what was wrong and
 * where, and with the exit status of corrupt input: never silently, never as a clean close.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CorruptInputTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;

    /** What a peer may write instead of a frame, and the words the report must contain. */
    enum BadInput {
        LENGTH_PAST_LIMIT("exceeds the limit"),
        BAD_CHECKSUM("checksum mismatch"),
        BAD_MAGIC("bad magic"),
        BAD_VERSION("frame version 7"),
        RANDOM_BYTES("bad magic"),
        UNKNOWN_KIND("unknown kind 42");

        final String evidence;

        BadInput(String evidence) {
            this.evidence = evidence;
        }

        byte[] bytes() {
            return switch (this) {
                case LENGTH_PAST_LIMIT -> header(Integer.MAX_VALUE, 0);
                case BAD_CHECKSUM -> {
                    byte[] frame = FrameDescriptor.frame(channelFrame(1));
                    frame[FrameDescriptor.CHECKSUM_OFFSET] ^= 0x5a;
                    yield frame;
                }
                case BAD_MAGIC -> {
                    byte[] frame = FrameDescriptor.frame(channelFrame(1));
                    frame[FrameDescriptor.MAGIC_OFFSET] = 'Q';
                    yield frame;
                }
                case BAD_VERSION -> {
                    byte[] frame = FrameDescriptor.frame(channelFrame(1));
                    frame[FrameDescriptor.VERSION_OFFSET] = 7;
                    yield frame;
                }
                case RANDOM_BYTES -> "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                case UNKNOWN_KIND -> FrameDescriptor.frame(channelFrame(42));
            };
        }

        private static byte[] header(int length, int checksum) {
            ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            FrameDescriptor.putHeader(header, length, checksum);
            return header.array();
        }

        /** A channel frame of {@code kind}: kind, number 0, a short body. */
        private static byte[] channelFrame(int kind) {
            return ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN).put((byte) kind).putLong(0)
                    .put("oops".getBytes(StandardCharsets.US_ASCII)).array();
        }
    }

    @ParameterizedTest
    @EnumSource(BadInput.class)
    void fifoListenerFailsWithCorruptInputStatus(BadInput input) throws Exception {
        String name = "corrupt-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        Path stderr = dir.resolve("stderr.txt");
        Process listen = startListener("fifo:" + name, stderr);
        try {
            try (RawPeer peer = RawPeer.fifo(name)) {
                peer.write(input.bytes());
                assertFailedOnCorruptInput(listen, stderr, input, "fifo:" + name);
            }
        } finally {
            listen.destroyForcibly();
        }
    }

    @Test
    void anonymousPipeListenerFailsWithCorruptInputStatus() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process listen = startListener("pipe:anon", stderr);
        try {
            Pattern meetingPoint = Pattern.compile("pipe:proc\\?pid=(\\d+)&rfd=(\\d+)&wfd=(\\d+)");
            Matcher m = meetingPoint.matcher("");
            await().atMost(PATIENCE).until(() -> m.reset(Files.readString(stderr)).find());
            Path fds = Path.of("/proc", m.group(1), "fd");
            try (RawPeer peer = RawPeer.open(fds.resolve(m.group(3)), fds.resolve(m.group(2)))) {
                peer.write(new byte[] {1});
                peer.write(BadInput.LENGTH_PAST_LIMIT.bytes());
                assertFailedOnCorruptInput(listen, stderr, BadInput.LENGTH_PAST_LIMIT, "pipe:");
            }
        } finally {
            listen.destroyForcibly();
        }
    }

    @Test
    void channelStateSaysFailedWithTheCause() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        String name = "corrupt-state-" + ProcessHandle.current().pid();
        try (Patchbay host = Patchbay.start(HostConfig.of(plugins))) {
            CompletableFuture<Channel> listening = CompletableFuture.supplyAsync(
                    () -> host.listen("fifo:" + name + "?openTimeout=60s"));
            try (RawPeer peer = RawPeer.fifo(name)) {
                Channel channel = listening.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                peer.write(BadInput.BAD_CHECKSUM.bytes());
                assertThatThrownBy(() -> channel.receive((seq, m) -> { }, 1, PATIENCE))
                        .hasMessageContaining("checksum mismatch");
                assertThat(channel.state()).isEqualTo(ChannelState.FAILED);
                assertThat(channel.failure()).hasMessageContaining("checksum mismatch")
                        .hasMessageContaining("fifo:" + name);
                channel.close();
                assertThat(channel.state()).as("closing a failed channel keeps its cause")
                        .isEqualTo(ChannelState.FAILED);
            }
        }
    }

    /**
     * A connector that skips the framing: it opens the listener's ends by hand (docs/PROTOCOL.md, "Rendezvous
     * bytes") and writes whatever it is given. Its reading end is held open so that the listener sees a live peer.
     */
    private record RawPeer(FileChannel out, FileChannel in) implements AutoCloseable {
        static RawPeer fifo(String name) {
            Path fifos = RuntimeDirectory.sub("fifo");
            await().atMost(PATIENCE).until(() -> Files.exists(fifos.resolve(name + ".s2c")));
            return open(fifos.resolve(name + ".c2s"), fifos.resolve(name + ".s2c"));
        }

        static RawPeer open(Path writeTo, Path readFrom) {
            try {
                FileChannel out = FileChannel.open(writeTo, StandardOpenOption.WRITE);
                return new RawPeer(out, FileChannel.open(readFrom, StandardOpenOption.READ));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void write(byte[] bytes) throws IOException {
            out.write(ByteBuffer.wrap(bytes));
        }

        @Override
        public void close() throws IOException {
            try (in) {
                out.close();
            }
        }
    }

    /** stdin stays open: the listener must end because of the input, not because its own input ended. */
    private Process startListener(String address, Path stderr) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        return new ProcessBuilder(PeerLauncher.command(plugins, "listen", address, "--no-watch", "--timeout", "60s"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    }

    private static void assertFailedOnCorruptInput(Process listen, Path stderr, BadInput input, String where)
            throws Exception {
        assertThat(listen.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("listener still running").isTrue();
        String text = Files.readString(stderr);
        assertThat(listen.exitValue()).as(text).isEqualTo(ExitStatus.of(ErrorCode.CORRUPT_FRAME));
        assertThat(text).contains("ERROR").contains("patchbay: channel c1 failed: ").contains(input.evidence)
                .contains(where).doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("the channel closed");
    }
}
