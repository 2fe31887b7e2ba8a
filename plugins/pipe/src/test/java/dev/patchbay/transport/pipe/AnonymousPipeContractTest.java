package dev.patchbay.transport.pipe;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.api.testkit.PeerSession;
import dev.patchbay.api.testkit.TransportContractTest;

/** The contract suite over {@code pipe:anon}: a fresh pipe pair that an already running process opens. */
class AnonymousPipeContractTest extends TransportContractTest {

    @Override
    protected PeerSession startPeer(LinkOptions options, String mode, int count) throws Exception {
        Acceptor acceptor = new PipeTransport().listen(Address.parse("pipe:anon"), options);
        Process peer = PeerProcess.start(PeerMain.class, PipeTransport.class.getName(), "connect",
                acceptor.address().toString(), mode, Integer.toString(count));
        return accept(acceptor, peer, options);
    }

    private static PeerSession accept(Acceptor acceptor, Process peer, LinkOptions options) {
        try (acceptor) {
            return new PeerSession(acceptor.accept(options.openTimeout()), peer.toHandle());
        } catch (RuntimeException e) {
            peer.destroyForcibly();
            throw e;
        }
    }
}
