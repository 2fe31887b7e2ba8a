package dev.patchbay.api.testkit;

import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every transport must do, checked against a real peer process. A backend's test extends this class and says
 * how to start a peer on its medium ({@link #startPeer}) and how to put bad bytes on it ({@link #startCorruptingPeer}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class TransportContractTest {
    /** Modes of {@link PeerMain}. */
    protected static final String ECHO = "echo";
    protected static final String HOLD = "hold";
    protected static final String SEND = "send";
    protected static final String STALL = "stall";
    /** Offers made at most before a medium whose reader stalls must have said BACK_PRESSURED. */
    private static final int MAX_OFFERS = 5_000_000;

    private final List<PeerSession> sessions = new ArrayList<>();

    /**
     * Starts a peer process running {@link PeerMain} in {@code mode} (with {@code count} for {@code send}) and
     * returns the link to it, opened with {@code options}.
     */
    protected abstract PeerSession startPeer(LinkOptions options, String mode, int count) throws Exception;

    /**
     * Starts a peer process that connects and then puts {@code corruption} on the medium instead of a message. By
     * default a {@link PeerMain} started through {@link #startPeer}, which opens its link through the backend and
     * then has a {@link CorruptionWriter} put the corruption onto the medium under it: right for every backend whose
     * links are the transport kit's {@code StreamLink}s (its test-jar holds that writer). A backend that frames its
     * own way overrides this with a peer of its own.
     */
    protected PeerSession startCorruptingPeer(LinkOptions options, Corruption corruption) throws Exception {
        return startPeer(options, PeerMain.corruptMode(corruption), 0);
    }

    /**
     * Whether the medium can tell {@code corruption} from a message. True unless a backend overrides it: shared
     * memory between trusting processes carries no checksum, so a bad one there is not a corruption it can see; the
     * test is then skipped, saying so.
     */
    protected boolean detects(Corruption corruption) {
        return true;
    }

    /** Options for the tests: a generous open timeout for slow JVM start-up, 2 MiB messages. */
    protected LinkOptions options() {
        return LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(30)).withMaxMessageSize(2 << 20);
    }

    private PeerSession peer(String mode, int count) throws Exception {
        PeerSession session = startPeer(options(), mode, count);
        sessions.add(session);
        return session;
    }

    @AfterEach
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeSessions() throws Exception {
        for (PeerSession session : sessions) {
            session.close();
        }
    }

    @Test
    void deliversOneHundredThousandMessagesInOrder() throws Exception {
        Link link = peer(ECHO, 0).link();
        int count = 100_000;
        CompletableFuture<Void> sender = inBackground("ordered-sender", () -> {
            ByteBuffer message = ByteBuffer.allocateDirect(16).order(ByteOrder.LITTLE_ENDIAN);
            for (long seq = 0; seq < count; seq++) {
                message.clear();
                message.putLong(seq).putLong(~seq).flip();
                link.send(message);
            }
        });
        AtomicLong next = new AtomicLong();
        List<String> errors = new ArrayList<>();
        while (next.get() < count) {
            link.receive(m -> {
                long seq = m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position());
                long check = m.getLong(m.position() + 8);
                if (seq != next.get() || check != ~seq || m.remaining() != 16) {
                    errors.add("expected " + next.get() + " got " + seq + " (" + m.remaining() + " bytes)");
                }
                next.incrementAndGet();
            }, 256, Duration.ofSeconds(10));
            assertThat(errors).isEmpty();
        }
        sender.get(30, TimeUnit.SECONDS);
        assertThat(next.get()).isEqualTo(count);
    }

    @Test
    void carriesSizesFromZeroToOneMebibyte() throws Exception {
        Link link = peer(ECHO, 0).link();
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 2, 11, 12, 13, 255, 4096, 65_523, 65_524, 65_536, 65_537, 300_001, 1 << 20}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            link.send(ByteBuffer.wrap(payload));
            byte[] echoed = receiveOne(link);
            assertThat(echoed).as("echo of a %d-byte message", size).isEqualTo(payload);
        }
    }

    @Test
    void deliversEmptyMessages() throws Exception {
        Link link = peer(ECHO, 0).link();
        int count = 1000;
        // A sender beside the reader, as an application would have: a medium may buffer only a few frames.
        CompletableFuture<Void> sender = inBackground("empty-sender", () -> {
            for (int i = 0; i < count; i++) {
                link.send(ByteBuffer.allocate(0));
            }
        });
        int[] received = new int[1];
        int[] nonEmpty = new int[1];
        MessageHandler counter = m -> {
            nonEmpty[0] += m.hasRemaining() ? 1 : 0;
            received[0]++;
        };
        while (received[0] < count) {
            int n = link.receive(counter, count, Duration.ofSeconds(10));
            assertThat(n).as("echoes within 10 s (%d of %d so far)", received[0], count).isPositive();
        }
        sender.get(10, TimeUnit.SECONDS);
        assertThat(nonEmpty[0]).as("echoes that were not empty").isZero();
    }

    @Test
    void gatheringSendArrivesAsOneMessage() throws Exception {
        Link link = peer(ECHO, 0).link();
        Random random = new Random(7);
        for (int headerSize : new int[] {0, 1, 17, 300}) {
            for (int payloadSize : new int[] {0, 5, 4096, 70_000}) {
                for (boolean direct : new boolean[] {false, true}) {
                    byte[] head = new byte[headerSize];
                    byte[] body = new byte[payloadSize];
                    random.nextBytes(head);
                    random.nextBytes(body);
                    ByteBuffer header = ByteBuffer.wrap(head);
                    ByteBuffer payload = direct ? ByteBuffer.allocateDirect(payloadSize).put(body).flip()
                            : ByteBuffer.wrap(body);
                    link.send(header, payload);
                    assertThat(header.hasRemaining() || payload.hasRemaining()).as("positions advanced").isFalse();
                    byte[] expected = ByteBuffer.allocate(headerSize + payloadSize).put(head).put(body).array();
                    assertThat(receiveOne(link)).as("header %d + %s payload %d", headerSize,
                            direct ? "direct" : "heap", payloadSize).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * Whether {@link Link#offer} can tell that the medium is full. True unless a backend overrides it (one whose
     * module gives no way to ask); the offer test is then skipped, saying so.
     */
    protected boolean offerSeesBackPressure() {
        return true;
    }

    @Test
    void offerSaysBackPressuredWhenThePeerStallsAndLosesNothing() throws Exception {
        assumeTrue(offerSeesBackPressure(), () -> getClass().getSimpleName() + ": offer cannot see back-pressure");
        PeerSession session = peer(STALL, 0);
        Link link = session.link();
        long offered = offerUntilFull(link);
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payload = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        sequenced(header, payload, offered);
        assertThat(link.offer(header, payload)).as("offer on a full medium").isEqualTo(Link.BACK_PRESSURED);
        assertThat(header.position()).as("nothing taken from the header").isZero();

        letPeerRead(session);
        long[] next = {0};
        MessageHandler check = m -> {
            assertThat(m.remaining()).isEqualTo(16);
            assertThat(m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position())).isEqualTo(next[0]);
            next[0]++;
        };
        // The same message again, until the medium has room: then it follows the others, once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (link.offer(header, payload) != Link.OFFERED) {
            assertThat(System.nanoTime()).as("room again within 30 s").isLessThan(deadline);
            link.receive(check, 1024, Duration.ofMillis(10));
        }
        while (next[0] <= offered) {
            assertThat(link.receive(check, 1024, Duration.ofSeconds(10))).as("echoes within 10 s").isPositive();
        }
        assertThat(next[0]).isEqualTo(offered + 1);
    }

    @Test
    void anInterruptEndsAWaitingReceiveAndTheLinkStaysOpen() throws Exception {
        Link link = peer(ECHO, 0).link();
        AtomicReference<Thread> receiver = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        CompletableFuture<Integer> receive = Blocked.start(() -> {
            receiver.set(Thread.currentThread());
            try {
                return link.receive(m -> { }, 16, Duration.ofSeconds(60));
            } finally {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        receiver.get().interrupt();
        assertThatThrownBy(() -> receive.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LinkInterruptedException.class);
        assertThat(stillInterrupted).as("the interrupt is set again").isTrue();
        assertThat(link.isOpen()).isTrue();
        link.send(ByteBuffer.wrap(new byte[] {4, 2}));
        assertThat(receiveOne(link)).containsExactly(4, 2);
    }

    @Test
    void anInterruptEndsASendWaitingForRoomAndNothingIsTorn() throws Exception {
        assumeTrue(offerSeesBackPressure(), () -> getClass().getSimpleName() + ": cannot fill the medium");
        PeerSession session = peer(STALL, 0);
        Link link = session.link();
        long offered = offerUntilFull(link);
        AtomicReference<Thread> sender = new AtomicReference<>();
        CompletableFuture<Void> send = Blocked.run(() -> {
            sender.set(Thread.currentThread());
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer payload = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            sequenced(header, payload, offered);
            link.send(header, payload);
        });
        sender.get().interrupt();
        assertThatThrownBy(() -> send.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkInterruptedException.class);
        assertThat(link.isOpen()).isTrue();

        letPeerRead(session);
        long[] next = {0};
        MessageHandler check = m -> {
            assertThat(m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position())).isEqualTo(next[0]);
            next[0]++;
        };
        while (next[0] < offered) {
            assertThat(link.receive(check, 1024, Duration.ofSeconds(10))).as("echoes within 10 s").isPositive();
        }
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payload = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        sequenced(header, payload, offered);
        link.send(header, payload);
        assertThat(link.receive(check, 1, Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(next[0]).as("the interrupted message was not sent").isEqualTo(offered + 1);
    }

    @Test
    void closeWakesAWaitingReceiveAndAWaitingSend() throws Exception {
        assumeTrue(offerSeesBackPressure(), () -> getClass().getSimpleName() + ": cannot fill the medium");
        PeerSession session = peer(STALL, 0);
        Link link = session.link();
        offerUntilFull(link);
        CompletableFuture<Integer> receive = Blocked.start(() -> link.receive(m -> { }, 16, Duration.ofSeconds(60)));
        CompletableFuture<Void> send = Blocked.run(() -> link.send(ByteBuffer.allocate(16)));
        link.close();
        assertThatThrownBy(() -> receive.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkClosedException.class);
        assertThatThrownBy(() -> send.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkClosedException.class);
    }

    /**
     * Why this backend still allocates per message in the steady state, or empty (the default) if it must not: the
     * allocation test is then skipped, saying why.
     */
    protected Optional<String> allocatesPerMessage() {
        return Optional.empty();
    }

    /**
     * Starts the echoing peer of the allocation test. By default {@link #startPeer} in {@code echo} mode; a backend
     * whose tests shrink a medium that allocates per unit of it (the mmap log, per file it rolls) overrides this to
     * measure on the medium as it is sized in use, and says what a unit costs in bench/README.md.
     */
    protected PeerSession startSteadyStatePeer(LinkOptions options) throws Exception {
        return startPeer(options, ECHO, 0);
    }

    /**
     * Past a warm-up, a link allocates nothing per message on the sending or the receiving thread: well under a byte
     * per message each, so one object of a few hundred bytes over the whole run passes and one per message fails.
     */
    @Test
    void sendsAndReceivesWithoutAllocatingPerMessage() throws Exception {
        assumeTrue(SteadyAllocation.supported(), "this JVM does not count the bytes a thread allocates");
        Optional<String> why = allocatesPerMessage();
        assumeTrue(why.isEmpty(), () -> getClass().getSimpleName() + " allocates per message: " + why.orElseThrow());
        PeerSession session = startSteadyStatePeer(options());
        sessions.add(session);
        SteadyAllocation.Result result = SteadyAllocation.measure(session.link());
        LoggerFactory.getLogger(SteadyAllocation.class).info("{}: {}", getClass().getName(), result);
        assertThat(result.senderPerMessage()).as("bytes per message on the sending thread (%s)", result)
                .isLessThan(1.0);
        assertThat(result.receiverPerMessage()).as("bytes per message on the receiving thread (%s)", result)
                .isLessThan(1.0);
    }

    /**
     * Runs {@code task} on a daemon thread of its own (not a shared pool, which a send stuck in a broken backend
     * would keep busy for the tests after it).
     */
    private static CompletableFuture<Void> inBackground(String name, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** Offers 16-byte messages numbered from 0 until the medium is full; returns how many it took. */
    private static long offerUntilFull(Link link) {
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payload = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        for (long seq = 0; seq < MAX_OFFERS; seq++) {
            sequenced(header, payload, seq);
            if (link.offer(header, payload) == Link.BACK_PRESSURED) {
                assertThat(header.position()).as("nothing taken from the header").isZero();
                return seq;
            }
        }
        throw new AssertionError("offer never said BACK_PRESSURED in " + MAX_OFFERS + " messages to a peer that"
                + " reads nothing");
    }

    private static void sequenced(ByteBuffer header, ByteBuffer payload, long seq) {
        header.clear();
        header.putLong(0, seq);
        payload.clear();
        payload.putLong(0, ~seq);
    }

    private static void letPeerRead(PeerSession session) throws Exception {
        Files.createFile(PeerMain.goFile(session.process().pid()));
    }

    @Test
    void reportsAPeerKilledWithSigkillWithinOneSecond() throws Exception {
        PeerSession session = peer(ECHO, 0);
        Link link = session.link();
        link.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(receiveOne(link)).containsExactly(1, 2, 3);

        session.process().destroyForcibly();
        session.process().onExit().get(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        assertThatThrownBy(() -> {
            while (true) {
                link.receive(m -> { }, 16, Duration.ofSeconds(2));
            }
        }).isInstanceOf(PeerClosedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void reportsAPeerKilledWithSigkillToTheSender() throws Exception {
        PeerSession session = peer(HOLD, 0);
        Link link = session.link();
        session.process().destroyForcibly();
        session.process().onExit().get(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        ByteBuffer message = ByteBuffer.allocateDirect(1024);
        assertThatThrownBy(() -> {
            while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
                link.send(message.clear());
            }
        }).isInstanceOf(PeerClosedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void seesEveryMessageBeforeThePeerClosed() throws Exception {
        Link link = peer(SEND, 1000).link();
        long[] next = {0};
        assertThatThrownBy(() -> {
            while (true) {
                link.receive(m -> {
                    assertThat(m.order(ByteOrder.LITTLE_ENDIAN).getLong(m.position())).isEqualTo(next[0]);
                    next[0]++;
                }, 256, Duration.ofSeconds(10));
            }
        }).isInstanceOf(PeerClosedException.class);
        assertThat(next[0]).isEqualTo(1000);
        assertThat(link.isOpen()).isFalse();
    }

    @Test
    void closingTwiceIsHarmlessAndThePeerSeesTheClose() throws Exception {
        PeerSession session = peer(HOLD, 0);
        Link link = session.link();
        link.close();
        link.close();
        assertThat(link.isOpen()).isFalse();
        assertThatThrownBy(() -> link.send(ByteBuffer.allocate(1))).isInstanceOf(LinkClosedException.class);
        assertThatThrownBy(() -> link.poll(m -> { }, 1)).isInstanceOf(LinkClosedException.class);
        // The hold peer exits only when it sees the link closed. A bound on liveness, not on speed: the peer JVM's
        // exit (a media driver to stop, say) takes seconds of its own on loaded cores.
        session.process().onExit().get(30, TimeUnit.SECONDS);
        assertThat(session.process().isAlive()).isFalse();
    }

    @Test
    void refusesAMessageLargerThanTheLimitAndStaysOpen() throws Exception {
        Link link = peer(ECHO, 0).link();
        int limit = options().maxMessageSize();
        assertThatThrownBy(() -> link.send(ByteBuffer.allocate(limit + 1)))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining(Integer.toString(limit));
        assertThat(link.isOpen()).isTrue();
        link.send(ByteBuffer.wrap(new byte[] {7}));
        assertThat(receiveOne(link)).containsExactly(7);
    }

    @Test
    void reportsABadChecksumClearlyAndCloses() throws Exception {
        expectCorruption(Corruption.BAD_CHECKSUM, corruptionEvidence(Corruption.BAD_CHECKSUM));
    }

    @Test
    void refusesALengthPastTheLimitWithoutAllocatingIt() throws Exception {
        expectCorruption(Corruption.LENGTH_PAST_LIMIT, corruptionEvidence(Corruption.LENGTH_PAST_LIMIT));
    }

    /**
     * What the error for {@code corruption} must say, where it {@linkplain #detects detects} it. Byte streams name the
     * checksum and the limit; a medium without checksums may map BAD_CHECKSUM to a bad record of its own (nshm: a
     * record type that is no message) and say here what its error names.
     */
    protected String corruptionEvidence(Corruption corruption) {
        return corruption == Corruption.BAD_CHECKSUM ? "checksum" : "exceeds the limit";
    }

    private void expectCorruption(Corruption corruption, String expected) throws Exception {
        assumeTrue(detects(corruption), () -> getClass().getSimpleName() + ": the medium cannot detect "
                + corruption + " (no such check on it)");
        PeerSession session = startCorruptingPeer(options(), corruption);
        sessions.add(session);
        Link link = session.link();
        assertThatThrownBy(() -> {
            while (true) {
                link.receive(m -> { }, 16, Duration.ofSeconds(10));
            }
        }).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining(expected)
                .extracting(e -> ((PatchbayException) e).code().name()).isEqualTo("CORRUPT_FRAME");
        assertThat(link.isOpen()).isFalse();
    }

    /** Receives exactly one message within 10 seconds and returns a copy of it. */
    protected static byte[] receiveOne(Link link) {
        byte[][] out = new byte[1][];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (out[0] == null && System.nanoTime() < deadline) {
            link.receive(m -> {
                out[0] = new byte[m.remaining()];
                m.get(out[0]);
            }, 1, Duration.ofSeconds(1));
        }
        assertThat(out[0]).as("a message within 10 s").isNotNull();
        return out[0];
    }
}
