package dev.patchbay.transport.fifo;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.api.testkit.PeerSession;
import dev.patchbay.api.testkit.TransportContractTest;

import java.util.UUID;

/** The contract suite over fifos, with the peer in another JVM that meets us by name. */
class FifoContractTest extends TransportContractTest {

    private static String newName() {
        return "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    protected PeerSession startPeer(LinkOptions options, String mode, int count) throws Exception {
        Address address = Address.parse("fifo:" + newName());
        Acceptor acceptor = new FifoTransport().listen(address, options);
        Process peer = PeerProcess.start(PeerMain.class, FifoTransport.class.getName(), "connect",
                address.toString(), mode, Integer.toString(count));
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
