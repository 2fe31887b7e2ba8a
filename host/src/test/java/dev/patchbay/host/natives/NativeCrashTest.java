package dev.patchbay.host.natives;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.host.testing.NativeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a native module that faults does (docs/PLUGIN-GUIDE.md, "When a native module crashes"): it takes its whole
 * process down, JVM and all, and the process at the other end of its links is told within a second and goes on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NativeCrashTest {

    @Test
    void aFaultingModuleKillsItsProcessAndThePeerIsToldWithinASecond() throws Exception {
        String name = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        Path logs = Path.of("target", "peer-logs");
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(PeerProcess.command(PeerMain.class,
                NshmPeerTransport.class.getName(), "connect", "nshm:" + name + "?datapath=calls", "echo", "0"));
        command.addAll(1, List.of("-D" + NshmPeerTransport.LIBRARY + "=" + NativeFiles.patch("nshm-bad-crash.so"),
                "-XX:ErrorFile=" + logs.toAbsolutePath() + "/hs_err_" + name + "_%p.log",
                "-XX:-CreateCoredumpOnCrash"));
        LinkOptions options = LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(30));
        try (Acceptor acceptor = new NshmPeerTransport().listen(Address.parse("nshm:" + name), options)) {
            Process peer = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (Link link = acceptor.accept(options.openTimeout())) {
                // The peer echoes through the faulting pb_send.
                link.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                assertThat(peer.onExit().get(30, TimeUnit.SECONDS).exitValue()).isNotZero();
                long died = System.nanoTime();
                assertThatThrownBy(() -> {
                    while (true) {
                        link.receive(m -> { }, 1, Duration.ofSeconds(5));
                    }
                }).isInstanceOf(PeerClosedException.class).hasMessageContaining("is gone");
                assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(1));
            }
            try (Stream<Path> files = Files.list(logs)) {
                Path report = files.filter(p -> p.getFileName().toString().startsWith("hs_err_" + name))
                        .findFirst().orElseThrow(() -> new AssertionError("the JVM wrote no crash report"));
                assertThat(Files.readString(report)).contains("SIGSEGV").contains("nshm-bad-crash").contains("pb_send");
            }
        }
    }
}
