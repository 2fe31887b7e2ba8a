package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.api.testkit.Blocked;
import dev.patchbay.sharedmem.janitor.Janitor;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to mmap: files, restarts, replay, rolling, retention, back-pressure and the end of a link. */
class MmapTransportTest {
    static final int SPREAD = 3000;
    private final MmapTransport transport = new MmapTransport();
    private final LinkOptions quick = LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofMillis(300));
    private final String name = "mmap-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path data = SegmentFolders.dataFolder();

    /** A listener and a connector in this process; the listener's link first. */
    private Link[] pair(String listenerParams, String connectorParams) throws Exception {
        Acceptor acceptor = transport.listen(Address.parse("mmap:" + name + listenerParams), LinkOptions.DEFAULTS);
        CompletableFuture<Link> connector = CompletableFuture.supplyAsync(
                () -> transport.connect(Address.parse("mmap:" + name + connectorParams), LinkOptions.DEFAULTS));
        try (acceptor) {
            return new Link[] {acceptor.accept(Duration.ofSeconds(5)), connector.get(5, TimeUnit.SECONDS)};
        }
    }

    private static void send(Link link, long from, long to) {
        for (long n = from; n < to; n++) {
            link.send(Numbered.message(n, SPREAD));
        }
    }

    private List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(data)) {
            return list.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(name + ".")).sorted().toList();
        }
    }

    private static void closeBoth(Link[] links) {
        links[1].close();
        links[0].close();
    }

    @Test
    void theFilesAreOwnerOnlyPersistentAndGoWhenBothSidesHaveReadEverything() throws Exception {
        Link[] links = pair("", "");
        assertThat(files()).containsExactly(name + ".a2b.00000001.log", name + ".b2a.00000001.log", name + ".ctl");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name + ".ctl"))))
                .isEqualTo("rw-------");
        assertThat(new Janitor().find(name + ".ctl")).singleElement().satisfies(r -> {
            assertThat(r.persistent()).isTrue();
            assertThat(r.isLeftover()).isFalse();
        });
        send(links[0], 0, 10);
        send(links[1], 0, 3);
        assertThat(Numbered.receive(links[1], 10, SPREAD)).isEqualTo(Numbered.range(0, 10));
        assertThat(Numbered.receive(links[0], 3, SPREAD)).isEqualTo(Numbered.range(0, 3));
        closeBoth(links);
        assertThat(files()).as("a conversation that ended cleanly leaves nothing").isEmpty();
    }

    @Test
    void retainAllKeepsTheFilesOfAFinishedConversation() throws Exception {
        Link[] links = pair("?retain=all", "?retain=all");
        send(links[0], 0, 2);
        assertThat(Numbered.receive(links[1], 2, SPREAD)).hasSize(2);
        closeBoth(links);
        assertThat(files()).hasSize(3);
        Link[] again = pair("?retain=all", "?retain=all&from=0");
        assertThat(Numbered.receive(again[1], 2, SPREAD)).as("replayed").isEqualTo(Numbered.range(0, 2));
        closeBoth(again);
    }

    @Test
    void aNewLinkOnTheNameCarriesOnWhereTheLastStopped() throws Exception {
        Link[] first = pair("", "");
        send(first[0], 0, 10);
        assertThat(Numbered.receive(first[1], 4, SPREAD)).isEqualTo(Numbered.range(0, 4));
        closeBoth(first);

        Link[] second = pair("", "");
        assertThat(((MmapLink) second[0]).nextSendSequence()).isEqualTo(10);
        assertThat(((MmapLink) second[1]).nextReceiveSequence()).isEqualTo(4);
        send(second[0], 10, 12);
        assertThat(Numbered.receive(second[1], 8, SPREAD)).isEqualTo(Numbered.range(4, 12));
        closeBoth(second);
        assertThat(files()).isEmpty();
    }

    @Test
    void aReaderReplaysFromAnEarlierSequenceNumberAndRefusesOnesNotKept() throws Exception {
        Link[] first = pair("?rollSize=64k&retain=1", "?rollSize=64k&retain=1");
        send(first[0], 0, 300);
        assertThat(Numbered.receive(first[1], 300, SPREAD)).isEqualTo(Numbered.range(0, 300));
        first[1].close();
        List<String> logs = files().stream().filter(f -> f.contains(".a2b.")).toList();
        assertThat(logs.size()).as("rolled, and read files beyond retain=1 deleted").isBetween(2, 3);

        assertThatThrownBy(() -> transport.connect(Address.parse("mmap:" + name + "?from=0"), quick))
                .isInstanceOf(TransportIoException.class).hasMessageContaining("record 0 of " + name + ".a2b is no"
                        + " longer kept").hasMessageContaining("retain=all");
        assertThatThrownBy(() -> transport.connect(Address.parse("mmap:" + name + "?from=301"), quick))
                .isInstanceOf(TransportIoException.class).hasMessageContaining("from=301 is past the end")
                .hasMessageContaining("will be 300");
        Link replay = transport.connect(Address.parse("mmap:" + name + "?from=290"), quick);
        assertThat(Numbered.receive(replay, 10, SPREAD)).isEqualTo(Numbered.range(290, 300));
        assertThat(replay.address().toString()).doesNotContain("from");
        replay.close();
        first[0].close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?durability=message", "?durability=batch&batch=7", "?wait=futex", "?wait=spin"})
    void everyDurabilityAndWaitCarriesMessagesAcrossFiles(String params) throws Exception {
        Link[] links = pair(params + "&rollSize=64k", params + "&rollSize=64k");
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> send(links[0], 0, 200));
        assertThat(Numbered.receive(links[1], 200, SPREAD)).isEqualTo(Numbered.range(0, 200));
        sender.get(10, TimeUnit.SECONDS);
        closeBoth(links);
    }

    @Test
    void aWriterWaitsForAReaderMoreThanTheBacklogBehindAndGoesOnWhenItReads() throws Exception {
        Link[] links = pair("?rollSize=64k&backlog=128k", "?rollSize=64k");
        CompletableFuture<Void> sender = Blocked.run(() -> send(links[0], 0, 200));
        // Blocked, and it stays blocked while nobody reads: three files ahead is too far.
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !sender.isDone());
        assertThat(Numbered.receive(links[1], 200, SPREAD)).isEqualTo(Numbered.range(0, 200));
        sender.get(10, TimeUnit.SECONDS);
        closeBoth(links);
    }

    @Test
    void anIdleLinkStaysUpAndTheLinksCloseWakesBothSides() throws Exception {
        Link[] links = pair("?wait=futex", "?wait=futex");
        assertThat(links[1].receive(m -> { }, 1, Duration.ofMillis(500))).isZero();
        CompletableFuture<Integer> waiting = Blocked.start(() -> links[1].receive(m -> { }, 1,
                Duration.ofSeconds(30)));
        long start = System.nanoTime();
        links[0].close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PeerClosedException.class)
                .hasMessageContaining("closed the link");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        assertThatThrownBy(() -> links[0].send(ByteBuffer.allocate(1))).isInstanceOf(LinkClosedException.class);
        links[1].close();
        assertThat(files()).isEmpty();
    }

    @Test
    void timeoutsAndRefusalsSayWhatWasWaitedOn() throws Exception {
        assertThatThrownBy(() -> transport.connect(Address.parse("mmap:" + name), quick))
                .isInstanceOf(OpenTimeoutException.class)
                .hasMessageContaining(data.resolve(name + ".ctl").toString())
                .hasMessageContaining("it does not exist").hasMessageContaining("patchbay listen mmap:" + name);
        Acceptor acceptor = transport.listen(Address.parse("mmap:" + name), quick);
        assertThatThrownBy(() -> acceptor.accept(Duration.ofMillis(100)))
                .isInstanceOf(OpenTimeoutException.class).hasMessageContaining("no peer connected to mapped file");
        assertThatThrownBy(() -> transport.listen(Address.parse("mmap:" + name), quick))
                .isInstanceOf(TransportIoException.class)
                .hasMessageContaining("already being listened on by process " + ProcessHandle.current().pid());
        CompletableFuture<Link> waiting = Blocked.start(() -> acceptor.accept(Duration.ofSeconds(30)));
        long start = System.nanoTime();
        acceptor.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkClosedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThat(files()).as("a listener nobody came to removes what it made").isEmpty();

        for (String bad : List.of("?rollSize=1k", "?durability=always", "?wait=sleep", "?retain=-1", "?from=x")) {
            assertThatThrownBy(() -> transport.listen(Address.parse("mmap:" + name + bad), quick))
                    .as(bad).isInstanceOf(AddressException.class);
        }
        assertThatThrownBy(() -> transport.listen(Address.parse("mmap:" + "n".repeat(47)), quick))
                .isInstanceOf(AddressException.class).hasMessageContaining("at most 46 characters");
        assertThatThrownBy(() -> transport.listen(Address.parse("mmap:/etc/passwd"), quick))
                .isInstanceOf(AddressException.class);
    }
}
