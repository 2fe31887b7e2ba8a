package dev.patchbay.transport.shm;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.ReadinessWord;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.api.testkit.Blocked;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.sharedmem.janitor.Janitor;
import dev.patchbay.sharedmem.janitor.Resource;
import dev.patchbay.sharedmem.janitor.ResourceKind;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Futex;
import dev.patchbay.sharedmem.posix.Poll;
import dev.patchbay.sharedmem.posix.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to shm: names, sizes, wait strategies, idle links, closing, and what a killed listener leaves. */
class ShmTransportTest {
    private final ShmTransport transport = new ShmTransport();
    private final LinkOptions quick = LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofMillis(300));
    private final String name = "shm-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        open.add(resource);
        return resource;
    }

    /** A listener and a connector in this process. */
    private Link[] pair(String params, LinkOptions listenerOptions, LinkOptions connectorOptions) throws Exception {
        Address address = Address.parse("shm:" + name + params);
        Acceptor acceptor = keep(transport.listen(address, listenerOptions));
        CompletableFuture<Link> connector = CompletableFuture.supplyAsync(
                () -> transport.connect(address, connectorOptions));
        Link server = keep(acceptor.accept(Duration.ofSeconds(5)));
        Link client = keep(connector.get(5, TimeUnit.SECONDS));
        return new Link[] {server, client};
    }

    private static byte[] receiveOne(Link link, Duration timeout) {
        byte[][] out = new byte[1][];
        link.receive(m -> {
            out[0] = new byte[m.remaining()];
            m.get(out[0]);
        }, 1, timeout);
        assertThat(out[0]).as("a message within " + timeout).isNotNull();
        return out[0];
    }

    @Test
    void aFutexLinkGivesAWordThatASendChangesAndWakes() throws Exception {
        Link[] links = pair("?wait=futex", LinkOptions.DEFAULTS, LinkOptions.DEFAULTS);
        ReadinessWord word = links[0].readinessWord().orElseThrow();
        assertThat(links[1].readinessWord()).isPresent();
        // Beside the word, a pidfd of the peer (this process here): not readable while it lives.
        assertThat(links[0].readinessFd()).isPresent();
        assertThat(pollIn(links[0].readinessFd().getAsInt())).as("the peer lives").isZero();
        int seen = word.arm();
        assertThat(links[0].receive(m -> { }, 1, 0L)).as("nothing there yet").isZero();

        CompletableFuture<Integer> sleeper = CompletableFuture.supplyAsync(() -> waitv(word.address(), seen));
        links[1].send(ByteBuffer.wrap(new byte[] {7}));
        assertThat(sleeper.get(10, TimeUnit.SECONDS)).as("futex_waitv: woken (0) or the word had changed")
                .isIn(0, -Errno.EAGAIN);
        assertThat(word.value()).isNotEqualTo(seen);
        assertThat(receiveOne(links[0], Duration.ofSeconds(1))).containsExactly(7);
        word.disarm();

        int before = word.value();
        links[0].close();
        assertThat(word.value()).as("a closed link's word says look").isNotEqualTo(before);
        word.disarm();
    }

    @Test
    void onlyAFutexLinkHasAWord() throws Exception {
        Link[] links = pair("", LinkOptions.DEFAULTS, LinkOptions.DEFAULTS);
        assertThat(links[0].readinessWord()).isEmpty();
        assertThat(links[0].readinessFd()).isEmpty();
    }

    /** poll(2) without waiting on one descriptor for POLLIN; the revents. */
    private static int pollIn(int fd) {
        try (Memory pollfd = new Memory(Poll.POLLFD_SIZE)) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, (short) Poll.POLLIN);
            pollfd.setShort(6, (short) 0);
            return Poll.poll(Pointer.nativeValue(pollfd), 1, 0) == 0 ? 0 : pollfd.getShort(6);
        }
    }

    /** futex_waitv on one shared word for up to 10 s; the syscall's result. */
    private static int waitv(long address, int value) {
        try (Memory vector = new Memory(Futex.WAITV_ENTRY_SIZE); Memory deadline = new Memory(Time.TIMESPEC_SIZE)) {
            vector.setLong(0, value & 0xFFFF_FFFFL);
            vector.setLong(8, address);
            vector.setInt(16, Futex.FUTEX2_SIZE_U32);
            vector.setInt(20, 0);
            Time.clock_gettime(Time.CLOCK_MONOTONIC, Pointer.nativeValue(deadline));
            deadline.setLong(Time.TV_SEC_OFFSET, deadline.getLong(Time.TV_SEC_OFFSET) + 10);
            return Futex.futexWaitv(Pointer.nativeValue(vector), 1, Pointer.nativeValue(deadline));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?flavor=sysv"})
    void theSegmentIsOwnerOnlyAndOnlyItsCreatorRemovesIt(String params) throws Exception {
        Link[] links = pair(params, LinkOptions.DEFAULTS, LinkOptions.DEFAULTS);
        Path posix = Path.of("/dev/shm/patchbay-shm." + name);
        List<Resource> found = new Janitor().find("shm." + name);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).kind()).isEqualTo(params.isEmpty() ? ResourceKind.POSIX : ResourceKind.SYSV);
        assertThat(found.get(0).ownerPid()).isEqualTo(ProcessHandle.current().pid());
        if (params.isEmpty()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(posix))).isEqualTo("rw-------");
        }
        links[1].close();
        assertThat(new Janitor().find("shm." + name)).as("the connector leaves it").hasSize(1);
        links[0].close();
        assertThat(new Janitor().find("shm." + name)).as("the creator removes it").isEmpty();
    }

    @Test
    void connectWithoutAListenerTimesOutNamingTheSegment() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.connect(Address.parse("shm:" + name), quick))
                .isInstanceOf(OpenTimeoutException.class)
                .hasMessageContaining("POSIX segment /patchbay-shm." + name)
                .hasMessageContaining("it does not exist")
                .hasMessageContaining("patchbay listen shm:" + name);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void acceptTimesOutThenCloseRemovesTheSegment() {
        Acceptor acceptor = transport.listen(Address.parse("shm:" + name), quick);
        assertThatThrownBy(() -> acceptor.accept(Duration.ofMillis(100)))
                .isInstanceOf(OpenTimeoutException.class)
                .hasMessageContaining("no peer connected to POSIX segment /patchbay-shm." + name);
        acceptor.close();
        acceptor.close();
        assertThat(Path.of("/dev/shm/patchbay-shm." + name)).doesNotExist();
    }

    @Test
    void closingTheAcceptorEndsAWaitingAcceptWithinTensOfMilliseconds() throws Exception {
        Acceptor acceptor = transport.listen(Address.parse("shm:" + name), quick);
        CompletableFuture<Link> waiting = Blocked.start(() -> acceptor.accept(Duration.ofSeconds(30)));
        long start = System.nanoTime();
        acceptor.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkClosedException.class);
        // Far below the accept's own 30 s; "tens of milliseconds" is for a quiet machine, not a shared CI one.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void refusesBadAddressesAndASecondListener() {
        assertThatThrownBy(() -> transport.listen(Address.parse("shm:a/b"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("plain name");
        assertThatThrownBy(() -> transport.listen(Address.parse("shm:" + "x".repeat(60)), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("at most 59 characters");
        assertThatThrownBy(() -> transport.listen(Address.parse("shm:" + name + "?flavor=mmap"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("flavor=mmap");
        assertThatThrownBy(() -> transport.listen(Address.parse("shm:" + name + "?size=1k"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("size=1024");
        assertThatThrownBy(() -> transport.listen(Address.parse("shm:" + name + "?wait=sleep"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("spin, backoff or futex");
        try (Acceptor first = transport.listen(Address.parse("shm:" + name), quick)) {
            assertThatThrownBy(() -> transport.listen(Address.parse("shm:" + name), quick))
                    .isInstanceOf(TransportIoException.class)
                    .hasMessageContaining("is taken")
                    .hasMessageContaining("process " + ProcessHandle.current().pid() + ", is alive");
            assertThat(first.address().toString()).isEqualTo("shm:" + name);
        }
    }

    @Test
    void messagesOfEverySizeUpToTheLimitTravelAsFragmentsWhenTheyMust() throws Exception {
        LinkOptions small = LinkOptions.DEFAULTS.withMaxMessageSize(100_000);
        Link[] links = pair("?size=4k", LinkOptions.DEFAULTS, small);
        Random random = new Random(7);
        // The ring takes records of up to 512 bytes: fragment boundaries around 508 and 512.
        for (int size : new int[] {0, 507, 508, 509, 511, 512, 513, 1020, 1021, 4096, 99_999, 100_000}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> links[0].send(ByteBuffer.wrap(payload)));
            assertThat(receiveOne(links[1], Duration.ofSeconds(5))).as("%d bytes", size).isEqualTo(payload);
            sent.get(5, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> links[0].send(ByteBuffer.allocate(100_001)))
                .as("the limit is the smaller of the two sides'")
                .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("limit of 100000 bytes");
        assertThat(links[0].isOpen()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?wait=futex", "?wait=backoff", "?wait=spin"})
    void anIdleLinkStaysUpAndWakesForTheNextMessage(String params) throws Exception {
        Link[] links = pair(params, LinkOptions.DEFAULTS, LinkOptions.DEFAULTS);
        assertThat(links[1].receive(m -> { }, 1, Duration.ofMillis(600))).as("nothing to read, nothing wrong")
                .isZero();
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)
                .execute(() -> links[0].send(ByteBuffer.wrap(new byte[] {42})));
        long start = System.nanoTime();
        assertThat(receiveOne(links[1], Duration.ofSeconds(5))).containsExactly(42);
        // Woken by the message, not by the end of the 5 s receive (a bound loose enough for two loaded cores).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(links[0].isOpen()).isTrue();
        assertThat(links[1].isOpen()).isTrue();
    }

    @Test
    void theConnectorTakesTheListenersWaitStrategyAndCannotAskForAFutexItLacks() throws Exception {
        Address futex = Address.parse("shm:" + name + "?wait=futex");
        Acceptor acceptor = keep(transport.listen(futex, quick));
        Link client = keep(transport.connect(Address.parse("shm:" + name), quick));
        keep(acceptor.accept(Duration.ofSeconds(1)));
        assertThat(((ShmLink) client).outgoing().hasDoorbells()).isTrue();

        Address other = Address.parse("shm:" + name + "-b");
        keep(transport.listen(other, quick));
        assertThatThrownBy(() -> transport.connect(other.withParam("wait", "futex"), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("wait=futex");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?wait=futex", "?wait=backoff"})
    void closeWakesABlockedReceiveAndABlockedSendAtOnce(String params) throws Exception {
        Link[] links = pair("?size=4k&" + params.substring(1), LinkOptions.DEFAULTS, LinkOptions.DEFAULTS);
        CompletableFuture<Integer> receiving = Blocked.start(() -> links[1].receive(m -> { }, 1,
                Duration.ofSeconds(30)));
        CompletableFuture<Void> sending = Blocked.run(() -> {
            while (true) {
                links[1].send(ByteBuffer.allocate(400));
            }
        });
        long start = System.nanoTime();
        links[1].close();
        assertThatThrownBy(() -> receiving.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkClosedException.class);
        assertThatThrownBy(() -> sending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkClosedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThatThrownBy(() -> {
            while (true) {
                links[0].receive(m -> { }, 400, Duration.ofSeconds(1));
            }
        })
                .as("the listener reads what was sent, then learns of the close")
                .isInstanceOf(PeerClosedException.class).hasMessageContaining("closed the link");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?flavor=sysv"})
    void theJanitorRemovesWhatAKilledListenerLeftAndKeepsALiveOnes(String params) throws Exception {
        String dead = name + "-dead";
        Process child = new ProcessBuilder(PeerProcess.command(ShmListenerMain.class, "shm:" + dead + params))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("READY");
        }
        Acceptor live = keep(transport.listen(Address.parse("shm:" + name + params), quick));
        Janitor janitor = new Janitor();
        assertThat(janitor.find("shm." + dead)).singleElement()
                .satisfies(r -> assertThat(r.ownerPid()).isEqualTo(child.pid()))
                .satisfies(r -> assertThat(r.isLeftover()).isFalse());

        child.destroyForcibly();
        child.onExit().get(10, TimeUnit.SECONDS);
        assertThat(janitor.find("shm." + dead)).singleElement().satisfies(r -> assertThat(r.isLeftover()).isTrue());
        assertThatThrownBy(() -> transport.connect(Address.parse("shm:" + dead + params), quick))
                .isInstanceOf(OpenTimeoutException.class).hasMessageContaining("is gone");

        // A build running beside this one may collect the leftover first: what must hold is that it is gone and
        // the live segment is not.
        List<Resource> removed = janitor.gc();
        assertThat(removed).extracting(Resource::name).doesNotContain("shm." + name);
        assertThat(janitor.find("shm." + dead)).isEmpty();
        assertThat(janitor.find("shm." + name)).singleElement()
                .satisfies(r -> assertThat(r.ownerAlive()).isTrue());
        assertThat(live.address().name()).isEqualTo(name);
    }
}
