package dev.patchbay.transport.pipe;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What is particular to pipes: spawning, stdio takeover, pipe:proc checks. */
class PipeTransportTest {
    private final PipeTransport transport = new PipeTransport();
    private final LinkOptions options = LinkOptions.DEFAULTS;

    @Test
    void aChildThatExitsIsAClosedPeer() {
        Link link = transport.listen(Address.of("pipe", "child", Map.of("exec", "exit 0")), options)
                .accept(Duration.ofSeconds(1));
        assertThatThrownBy(() -> link.receive(m -> { }, 1, Duration.ofSeconds(10)))
                .isInstanceOf(PeerClosedException.class);
    }

    @Test
    void childNeedsACommand() {
        assertThatThrownBy(() -> transport.listen(Address.parse("pipe:child"), options))
                .isInstanceOf(AddressException.class).hasMessageContaining("exec=");
        assertThatThrownBy(() -> transport.listen(Address.parse("pipe:elsewhere"), options))
                .isInstanceOf(AddressException.class).hasMessageContaining("pipe:child?exec=");
    }

    @Test
    void stdioRefusesAStdinThatIsNotAPipe() throws Exception {
        Process peer = new ProcessBuilder(PeerProcess.command(PeerMain.class, PipeTransport.class.getName(),
                "connect", "pipe:stdio", "echo", "0"))
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .start();
        String output = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(peer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(peer.exitValue()).isNotZero();
        assertThat(output).contains("pipe:stdio needs stdin to be a pipe").contains("/dev/null");
    }

    @Test
    void anonymousAcceptorTimesOutWhenNobodyConnects() {
        try (Acceptor acceptor = transport.listen(Address.parse("pipe:anon"), options)) {
            assertThat(acceptor.address().toString())
                    .startsWith("pipe:proc?pid=" + ProcessHandle.current().pid() + "&rfd=");
            assertThatThrownBy(() -> acceptor.accept(Duration.ofMillis(200)))
                    .isInstanceOf(OpenTimeoutException.class)
                    .hasMessageContaining(acceptor.address().toString());
        }
    }

    @Test
    void procRefusesWhatIsNotAPipeOfALiveProcess() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        assertThatThrownBy(() -> transport.connect(
                Address.parse("pipe:proc?pid=" + dead.pid() + "&rfd=3&wfd=4"), options))
                .isInstanceOf(AddressException.class).hasMessageContaining("not there");
        assertThatThrownBy(() -> transport.connect(Address.parse("pipe:proc?pid=1"), options))
                .isInstanceOf(AddressException.class).hasMessageContaining("needs pid, rfd and wfd");
    }

    @Test
    void procRefusesAPipeOfAnotherUser() throws Exception {
        assumeTrue(dev.patchbay.sharedmem.posix.Unistd.geteuid() == 0,
                "a process of another user needs root to start");
        // The shell, running as nobody, makes the pipe between the two sleeps: the pipe is nobody's. With stdin
        // from /dev/null, the second sleep's stdin is the only pipe at fd 0.
        Process shell = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "sh", "-c", "sleep 600 | sleep 600").redirectInput(new File("/dev/null")).start();
        try {
            long reader = await().atMost(Duration.ofSeconds(20)).until(() -> shell.toHandle().descendants()
                    .filter(p -> PipeFds.target(Long.toString(p.pid()), 0).startsWith("pipe:"))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1), pid -> pid > 0);

            assertThatThrownBy(() -> transport.connect(
                    Address.parse("pipe:proc?pid=" + reader + "&rfd=0&wfd=0"), options))
                    .isInstanceOfSatisfying(PatchbayException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN_OBJECT))
                    .hasMessageContaining("/proc/" + reader + "/fd/0")
                    .hasMessageContaining("belongs to uid 65534");
        } finally {
            shell.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }
}
