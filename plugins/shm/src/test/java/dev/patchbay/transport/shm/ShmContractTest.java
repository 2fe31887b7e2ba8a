package dev.patchbay.transport.shm;

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
 * The contract suite over POSIX shared memory, the peer in another JVM. With the default 1 MiB rings the largest
 * record is 128 KiB, so the 300 KB and 1 MiB messages of the suite travel as fragments.
 */
class ShmContractTest extends TransportContractTest {

    /** The address parameters of this variant, appended after the name. */
    protected String params() {
        return "";
    }

    private Address newAddress() {
        return Address.parse("shm:contract-" + UUID.randomUUID().toString().substring(0, 8) + params());
    }

    @Override
    protected PeerSession startPeer(LinkOptions options, String mode, int count) throws Exception {
        Address address = newAddress();
        Acceptor acceptor = new ShmTransport().listen(address, options);
        Process peer = PeerProcess.start(PeerMain.class, ShmTransport.class.getName(), "connect",
                address.toString(), mode, Integer.toString(count));
        return PeerSession.accept(acceptor, peer, options.openTimeout());
    }

    @Override
    protected PeerSession startCorruptingPeer(LinkOptions options, Corruption corruption) throws Exception {
        Address address = newAddress();
        Acceptor acceptor = new ShmTransport().listen(address, options);
        Process peer = PeerProcess.start(ShmRawPeer.class, address.toString(), corruption.name());
        return PeerSession.accept(acceptor, peer, options.openTimeout());
    }

    /** No checksum travels through shared memory: a length past the limit is detected, a bad checksum is not. */
    @Override
    protected boolean detects(Corruption corruption) {
        return corruption == Corruption.LENGTH_PAST_LIMIT;
    }
}
