package dev.patchbay.transport.aeron;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.api.testkit.PeerSession;
import dev.patchbay.api.testkit.TransportContractTest;

import java.util.UUID;

/**
 * The contract suite over Aeron UDP on loopback, the peer in another JVM with its own embedded media driver, met
 * through a named address (so each side also knows the other's process, and sees its death there first). The
 * corrupt-frame tests do not apply: Aeron frames every message itself (a datagram whose header or length does not
 * add up is dropped by its receiver and sent again), and a peer cannot put bytes of its own under an Aeron link
 * except by speaking Aeron, so there is no damaged frame for the link to report.
 */
class AeronContractTest extends TransportContractTest {

    /** A fresh address for one test's link. */
    protected Address newAddress() throws Exception {
        return Address.parse("aeron:contract-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    protected PeerSession startPeer(LinkOptions options, String mode, int count) throws Exception {
        Address address = newAddress();
        Acceptor acceptor = new AeronTransport().listen(address, options);
        Process peer = PeerProcess.start(PeerMain.class, AeronTransport.class.getName(), "connect",
                address.toString(), mode, Integer.toString(count));
        try (acceptor) {
            return new PeerSession(acceptor.accept(options.openTimeout()), peer.toHandle());
        } catch (RuntimeException e) {
            peer.destroyForcibly();
            throw e;
        }
    }

    @Override
    protected boolean detects(Corruption corruption) {
        return false;
    }
}
