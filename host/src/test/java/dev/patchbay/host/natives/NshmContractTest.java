package dev.patchbay.host.natives;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.api.testkit.PeerMain;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.api.testkit.PeerSession;
import dev.patchbay.api.testkit.TransportContractTest;
import org.junit.jupiter.api.Nested;

import java.util.UUID;

/**
 * The contract suite over nshm, the native backend, with the peer in another JVM. Each side chooses its data path:
 * this side through the rings and the peer through pb_send/pb_receive, then the other way round, so that the Java
 * ring code and the C code each read what the other wrote.
 */
class NshmContractTest {

    @Nested
    class RingsHereCallsThere extends Suite {
        RingsHereCallsThere() {
            super("rings", "calls");
        }
    }

    @Nested
    class CallsHereRingsThere extends Suite {
        CallsHereRingsThere() {
            super("calls", "rings");
        }

        /** pb_send waits inside the module, and the ABI has no call that asks for room first. */
        @Override
        protected boolean offerSeesBackPressure() {
            return false;
        }
    }

    /** This side's module in a helper process (isolate=process): the host reads the helper's relay rings. */
    @Nested
    class IsolatedHereCallsThere extends Suite {
        IsolatedHereCallsThere() {
            super("rings&isolate=process", "calls");
        }

        /**
         * The helper keeps moving messages off the host's ring into the module's medium until that is full too, so
         * the first BACK_PRESSURED does not last: a send right after it may find room.
         */
        @Override
        protected boolean offerSeesBackPressure() {
            return false;
        }
    }

    abstract static class Suite extends TransportContractTest {
        private final String here;
        private final String there;

        Suite(String here, String there) {
            this.here = here;
            this.there = there;
        }

        private static String newName() {
            return "contract-" + UUID.randomUUID().toString().substring(0, 8);
        }

        @Override
        protected PeerSession startPeer(LinkOptions options, String mode, int count) throws Exception {
            String name = newName();
            Acceptor acceptor = listen(name, options);
            Process peer = PeerProcess.start(PeerMain.class, NshmPeerTransport.class.getName(), "connect",
                    "nshm:" + name + "?datapath=" + there, mode, Integer.toString(count));
            return PeerSession.accept(acceptor, peer, options.openTimeout());
        }

        @Override
        protected PeerSession startCorruptingPeer(LinkOptions options, Corruption corruption) throws Exception {
            String name = newName();
            Acceptor acceptor = listen(name, options);
            Process peer = PeerProcess.start(NshmRawPeer.class, name, corruption.name());
            return PeerSession.accept(acceptor, peer, options.openTimeout());
        }

        @Override
        protected String corruptionEvidence(Corruption corruption) {
            return corruption == Corruption.BAD_CHECKSUM ? "record type 9 is not a message" : "exceeds the limit";
        }

        private Acceptor listen(String name, LinkOptions options) {
            return new NshmPeerTransport().listen(Address.parse("nshm:" + name + "?datapath=" + here), options);
        }
    }
}
