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
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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
            return corruption == Corruption.BAD_CHECKSUM ? "record type 9 is none of" : "exceeds the limit";
        }

        /**
         * Messages around every fragment boundary, across Java and C both ways (the echo comes back through the
         * other side's code): a 4 KiB ring has 512-byte records, so a first fragment carries 508 bytes and each
         * further one 512.
         */
        @Test
        void carriesEverySizeAroundAFragmentBoundary() throws Exception {
            String name = newName();
            LinkOptions options = options();
            Acceptor acceptor = listen(name, "size=4k&", options);
            Process peer = PeerProcess.start(PeerMain.class, NshmPeerTransport.class.getName(), "connect",
                    "nshm:" + name + "?size=4k&datapath=" + there, ECHO, "0");
            try (PeerSession session = PeerSession.accept(acceptor, peer, options.openTimeout())) {
                Random random = new Random(13);
                for (int size : new int[] {0, 1, 507, 508, 509, 511, 512, 513, 1019, 1020, 1021, 1532, 1533, 4095,
                    4096, 4097, 100_003}) {
                    byte[] message = new byte[size];
                    random.nextBytes(message);
                    session.link().send(ByteBuffer.wrap(message));
                    assertThat(receiveOne(session.link())).as("echo of %d bytes", size).isEqualTo(message);
                }
            }
        }

        private Acceptor listen(String name, LinkOptions options) {
            return listen(name, "", options);
        }

        /** {@code params}: more address parameters, each followed by {@code &}. */
        private Acceptor listen(String name, String params, LinkOptions options) {
            return new NshmPeerTransport().listen(Address.parse("nshm:" + name + "?" + params + "datapath=" + here),
                    options);
        }
    }
}
