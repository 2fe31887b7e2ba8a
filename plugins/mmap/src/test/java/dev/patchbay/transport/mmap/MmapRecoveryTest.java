package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.patchbay.transport.mmap.LogFileDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a writer finds when it opens a log a dead writer left, made by hand here: a record half-written, a record
 * whose length made it to disk but not its bytes, a file half-made, a file made but the previous one not marked.
 */
class MmapRecoveryTest {
    private static final int SPREAD = MmapTransportTest.SPREAD;
    private final MmapTransport transport = new MmapTransport();
    private final String name = "recover-" + UUID.randomUUID().toString().substring(0, 8);
    private final LogFiles files = new LogFiles(name);

    private Link[] pair(String params) throws Exception {
        Acceptor acceptor = transport.listen(Address.parse("mmap:" + name + params), LinkOptions.DEFAULTS);
        CompletableFuture<Link> connector = CompletableFuture.supplyAsync(
                () -> transport.connect(Address.parse("mmap:" + name + params), LinkOptions.DEFAULTS));
        try (acceptor) {
            return new Link[] {acceptor.accept(Duration.ofSeconds(5)), connector.get(5, TimeUnit.SECONDS)};
        }
    }

    /** Five records a2b, two of them read, both sides closed: the log holds 0..4, the reader is at 2. */
    private void fiveWrittenTwoRead(String params) throws Exception {
        Link[] links = pair(params);
        for (long n = 0; n < 5; n++) {
            links[0].send(Numbered.message(n, SPREAD));
        }
        assertThat(Numbered.receive(links[1], 2, SPREAD)).isEqualTo(Numbered.range(0, 2));
        links[1].close();
        links[0].close();
    }

    private Segment log(long index) {
        return Segment.open(SegmentSpec.persistentFile(files.log(LogFiles.A2B, index), OpenMode.OPEN_EXISTING, 0));
    }

    /** The offset after the records of {@code file}, walking their lengths. */
    private static int endOf(ByteBuffer b) {
        int at = RECORDS_OFFSET;
        for (int length = b.getInt(at); length > 0; length = b.getInt(at)) {
            at += stride(length - RECORD_HEADER_LENGTH);
        }
        return at;
    }

    private void expectFiveThenNew(String params) throws Exception {
        Link[] links = pair(params);
        assertThat(((MmapLink) links[0]).nextSendSequence()).isEqualTo(5);
        links[0].send(Numbered.message(5, SPREAD));
        assertThat(Numbered.receive(links[1], 4, SPREAD)).isEqualTo(Numbered.range(2, 6));
        assertThat(links[1].receive(m -> { }, 1, Duration.ofMillis(50))).isZero();
        links[1].close();
        links[0].close();
    }

    @Test
    void aHalfWrittenRecordIsCutAndNeverDelivered() throws Exception {
        fiveWrittenTwoRead("");
        try (Segment file = log(1)) {
            ByteBuffer b = file.data().buffer();
            int end = endOf(b);
            // A writer killed while copying record 5's payload: bytes there, its length never stored.
            b.putLong(end + SEQUENCE_OFFSET, 5);
            for (int i = 0; i < 5000; i++) {
                b.put(end + RECORD_HEADER_LENGTH + i, (byte) 0x77);
            }
        }
        expectFiveThenNew("");
        assertThat(files.indices(LogFiles.A2B)).isEmpty();
    }

    @Test
    void aRecordWhoseLengthReachedTheDiskButNotItsBytesIsCut() throws Exception {
        fiveWrittenTwoRead("?retain=all");
        try (Segment file = log(1)) {
            ByteBuffer b = file.data().buffer();
            int end = endOf(b);
            b.putLong(end + SEQUENCE_OFFSET, 5);
            b.putInt(end + CHECKSUM_OFFSET, 0x1234);
            MemoryViews.INT.setRelease(b, end, RECORD_HEADER_LENGTH + 100);
        }
        expectFiveThenNew("?retain=all");
    }

    @Test
    void aFileWhoseMakingWasCutShortIsRemoved() throws Exception {
        fiveWrittenTwoRead("");
        Path torn = SegmentFolders.dataFolder().resolve(files.log(LogFiles.A2B, 2));
        Files.write(torn, new byte[100]);
        expectFiveThenNew("");
        assertThat(torn).doesNotExist();
    }

    @Test
    void aNewFileWhosePredecessorWasNotMarkedRolledGetsTheMark() throws Exception {
        fiveWrittenTwoRead("");
        // The writer made file 2 for record 5, then died before writing the roll marker in file 1.
        Segment.open(SegmentSpec.persistentFile(files.log(LogFiles.A2B, 2), OpenMode.CREATE_NEW,
                (64 << 10) - SegmentHeaderDescriptor.HEADER_LENGTH), s -> {
                    ByteBuffer b = s.data().buffer();
                    b.putShort(VERSION_MAJOR_OFFSET, (short) VERSION_MAJOR);
                    b.putInt(DIRECTION_OFFSET, LogFiles.A2B);
                    b.putInt(INDEX_OFFSET, 2);
                    b.putLong(FIRST_SEQUENCE_OFFSET, 5);
                    MemoryViews.INT.setRelease(b, MAGIC_OFFSET, MAGIC);
                }).close();
        expectFiveThenNew("");
    }

    @Test
    void aReaderKilledWhileSavingItsPlaceAtARollMarkerReadsOnFromTheRecordItHadSaved() throws Exception {
        String params = "?rollSize=64k&retain=all";
        Link[] links = pair(params);
        long sent = 0;
        while (files.indices(LogFiles.A2B).size() < 2) {
            links[0].send(Numbered.message(sent++, SPREAD));
        }
        int inFirst;
        int rollAt;
        try (Segment file = log(1)) {
            rollAt = endOf(file.data().buffer());
            inFirst = (int) new LogFiles(name).header(LogFiles.A2B, 2).orElseThrow().firstSequence();
        }
        assertThat(Numbered.receive(links[1], inFirst, SPREAD)).isEqualTo(Numbered.range(0, inFirst));
        links[1].close();
        links[0].close();
        // Killed between storing the new file and offset (at file 1's roll marker) and the sequence number.
        try (ControlFile control = ControlFile.openExisting(files)) {
            control.saveReader(LogFiles.A2B, inFirst - 1, 1, rollAt);
        }

        links = pair(params);

        assertThat(Numbered.receive(links[1], (int) (sent - inFirst + 1), SPREAD))
                .isEqualTo(Numbered.range(inFirst - 1, sent));
        links[1].close();
        links[0].close();
    }
}
