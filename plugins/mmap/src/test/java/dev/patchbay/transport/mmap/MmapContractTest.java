package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.api.testkit.PeerSession;
import dev.patchbay.api.testkit.TransportContractTest;

import java.util.UUID;

/** The contract suite over mapped-file logs, the peer in another JVM; small files, so the suite rolls them. */
class MmapContractTest extends TransportContractTest {

    /**
     * Small files and a small backlog: the stalled-peer tests fill the medium with 16-byte messages, and a writer
     * may run the whole backlog ahead (64 MiB by default, millions of offers) before it says BACK_PRESSURED.
     */
    private static Address newAddress() {
        return newAddress("?rollSize=1m&backlog=4m");
    }

    private static Address newAddress(String params) {
        return Address.parse("mmap:contract-" + UUID.randomUUID().toString().substring(0, 8) + params);
    }

    @Override
    protected PeerSession startPeer(LinkOptions options, String mode, int count) throws Exception {
        return startPeer(newAddress(), options, mode, count);
    }

    /**
     * Files of the default size: a log allocates when it rolls to a new file (paths, a new mapping), not per
     * message, and 1 MiB files would roll every 11,000 messages of this test.
     */
    @Override
    protected PeerSession startSteadyStatePeer(LinkOptions options) throws Exception {
        return startPeer(newAddress(""), options, ECHO, 0);
    }

    private static PeerSession startPeer(Address address, LinkOptions options, String mode, int count)
            throws Exception {
        Acceptor acceptor = new MmapTransport().listen(address, options);
        Process peer = PeerProcess.start(PeerMain.class, MmapTransport.class.getName(), "connect",
                acceptor.address().toString(), mode, Integer.toString(count));
        return PeerSession.accept(acceptor, peer, options.openTimeout());
    }

    @Override
    protected PeerSession startCorruptingPeer(LinkOptions options, Corruption corruption) throws Exception {
        Address address = newAddress();
        Acceptor acceptor = new MmapTransport().listen(address, options);
        Process peer = PeerProcess.start(MmapRawPeer.class, address.toString(), corruption.name());
        return PeerSession.accept(acceptor, peer, options.openTimeout());
    }
}
