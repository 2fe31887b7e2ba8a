package dev.patchbay.transport.pipe;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.api.testkit.PeerSession;
import dev.patchbay.api.testkit.TransportContractTest;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The contract suite over {@code pipe:child}: we spawn the peer and talk over its stdin and stdout. */
class ChildPipeContractTest extends TransportContractTest {

    @Override
    protected PeerSession startPeer(LinkOptions options, String mode, int count) {
        return spawn(options, PeerProcess.shellCommand(PeerMain.class, PipeTransport.class.getName(), "connect",
                "pipe:stdio", mode, Integer.toString(count)));
    }

    static PeerSession spawn(LinkOptions options, String command) {
        Set<Long> before = children();
        Link link = new PipeTransport()
                .listen(Address.of("pipe", "child", Map.of("exec", command)), options)
                .accept(options.openTimeout());
        ProcessHandle child = ProcessHandle.current().children()
                .filter(p -> !before.contains(p.pid()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no child process was started"));
        return new PeerSession(link, child);
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
