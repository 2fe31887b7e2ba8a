package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import static dev.patchbay.transport.mmap.LogFileDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage to a log or its control file, made by hand on the real files, is reported as damage with the file, the
 * offset and the record: never as a peer that closed, never as records silently skipped or "no longer kept".
 */
class MmapDamageTest {
    private static final int SPREAD = MmapTransportTest.SPREAD;
    private final MmapTransport transport = new MmapTransport();
    private final String name = "damage-" + UUID.randomUUID().toString().substring(0, 8);
    private final LogFiles files = new LogFiles(name);
    private final List<Link> opened = new ArrayList<>();

    @AfterEach
    void removeFiles() {
        opened.forEach(Link::close);
        files.deleteAll();
    }

    private Link[] pair(String params) throws Exception {
        Acceptor acceptor = transport.listen(Address.parse("mmap:" + name + params), LinkOptions.DEFAULTS);
        CompletableFuture<Link> connector = CompletableFuture.supplyAsync(
                () -> transport.connect(Address.parse("mmap:" + name + params), LinkOptions.DEFAULTS));
        try (acceptor) {
            Link[] links = {acceptor.accept(Duration.ofSeconds(5)), connector.get(5, TimeUnit.SECONDS)};
            opened.addAll(List.of(links));
            return links;
        }
    }

    /** The listener is up; the connector, which opens the a2b log for reading, fails: its failure. */
    private Throwable connectFailure(String params) {
        try (Acceptor acceptor = transport.listen(Address.parse("mmap:" + name + params), LinkOptions.DEFAULTS)) {
            Link link = transport.connect(Address.parse("mmap:" + name + params), LinkOptions.DEFAULTS);
            opened.add(link);
            throw new AssertionError("connected to a damaged log: " + link + ", " + acceptor);
        } catch (CorruptFrameException e) {
            return e;
        }
    }

    /** Sends {@code count} records a2b; the connector reads {@code read} of them; both close. */
    private void writtenAndPartlyRead(String params, int count, int read) throws Exception {
        Link[] links = pair(params);
        for (long n = 0; n < count; n++) {
            links[0].send(Numbered.message(n, SPREAD));
        }
        assertThat(Numbered.receive(links[1], read, SPREAD)).isEqualTo(Numbered.range(0, read));
        links[1].close();
        links[0].close();
    }

    private Segment log(long index) {
        return Segment.open(SegmentSpec.persistentFile(files.log(LogFiles.A2B, index), OpenMode.OPEN_EXISTING, 0));
    }

    /** Changes the length field of record {@code number} of a2b file 1. */
    private void damageLength(long number, IntUnaryOperator change) {
        try (Segment file = log(1)) {
            ByteBuffer b = file.data().buffer();
            int at = RECORDS_OFFSET;
            for (long n = 0; n < number; n++) {
                at += stride(b.getInt(at) - RECORD_HEADER_LENGTH);
            }
            MemoryViews.INT.setRelease(b, at, change.applyAsInt(b.getInt(at)));
        }
    }

    private void lengthDamageIsReportedAsDamage(IntUnaryOperator change, String evidence)
            throws Exception {
        Link[] links = pair("");
        for (long n = 0; n < 20; n++) {
            links[0].send(Numbered.message(n, SPREAD));
        }
        // The writer has committed all 20 and closed: what follows record 5 is not a torn end.
        links[0].close();
        damageLength(5, change);

        assertThat(Numbered.receive(links[1], 5, SPREAD)).isEqualTo(Numbered.range(0, 5));
        assertThatThrownBy(() -> links[1].receive(m -> { }, 1, Duration.ofSeconds(5)))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining(files.log(LogFiles.A2B, 1)).hasMessageContaining("record 5")
                .hasMessageContaining("offset").hasMessageContaining(evidence);
    }

    @Test
    void aRecordLengthEightTooLongIsDamageNotAPeerThatClosed() throws Exception {
        lengthDamageIsReportedAsDamage(length -> length + 8, "checksum");
    }

    @Test
    void aRecordLengthPastEveryLimitIsDamageNotAPeerThatClosed() throws Exception {
        lengthDamageIsReportedAsDamage(length -> 0x7ffffff0, "exceeds the limit");
    }

    @Test
    void aReaderSequenceAheadOfItsSavedPlaceIsDamageNotASkip() throws Exception {
        writtenAndPartlyRead("?retain=all", 10, 3);
        try (ControlFile control = ControlFile.openExisting(files)) {
            control.saveReader(LogFiles.A2B, 3 + 500, control.readerFile(LogFiles.A2B),
                    control.readerOffset(LogFiles.A2B));
        }
        assertThat(connectFailure("?retain=all")).hasMessageContaining(files.control())
                .hasMessageContaining("due record 503")
                .hasMessageContaining("holds record 3").hasMessageContaining("from=3");
    }

    @Test
    void aReaderSequenceAheadOfTheLogsEndIsDamage() throws Exception {
        writtenAndPartlyRead("?retain=all", 10, 3);
        try (ControlFile control = ControlFile.openExisting(files)) {
            // No saved place to compare with: the number alone is ahead of all the writer wrote.
            control.saveReader(LogFiles.A2B, 3 + 500, 0, 0);
        }
        assertThat(connectFailure("?retain=all")).hasMessageContaining("due record 503").hasMessageContaining("at record 10")
                .hasMessageContaining("from=10");
    }

    @Test
    void aZeroedLogMagicSaysDamagedHeaderToTheReader() throws Exception {
        String params = "?rollSize=64k&retain=all";
        Link[] links = pair(params);
        long sent = 0;
        while (files.indices(LogFiles.A2B).size() < 2) {
            links[0].send(Numbered.message(sent++, SPREAD));
        }
        assertThat(Numbered.receive(links[1], 3, SPREAD)).isEqualTo(Numbered.range(0, 3));
        links[1].close();
        links[0].close();
        zeroLogMagic(1);

        assertThat(connectFailure(params)).hasMessageContaining(files.log(LogFiles.A2B, 1))
                .hasMessageContaining("is not a Patchbay layout: mmap log file magic 0x0, expected 0x474c4250")
                .hasMessageNotContaining("no longer kept");
    }

    @Test
    void aZeroedLogMagicInTheWritersLastFileIsNotRemovedAsHalfMade() throws Exception {
        writtenAndPartlyRead("?retain=all", 10, 3);
        zeroLogMagic(1);

        assertThatThrownBy(() -> transport.listen(Address.parse("mmap:" + name + "?retain=all"), LinkOptions.DEFAULTS))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining(files.log(LogFiles.A2B, 1))
                .hasMessageContaining("is not a Patchbay layout: mmap log file magic 0x0, expected 0x474c4250");
        assertThat(files.indices(LogFiles.A2B)).as("the damaged log is kept").containsExactly(1L);
    }

    private void zeroLogMagic(long index) throws Exception {
        try (FileChannel file = FileChannel.open(files.path(files.log(LogFiles.A2B, index)),
                StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4), MAGIC_OFFSET);
        }
    }
}
