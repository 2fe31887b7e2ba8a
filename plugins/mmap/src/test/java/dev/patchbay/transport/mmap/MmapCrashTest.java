package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.testkit.PeerProcess;
import dev.patchbay.sharedmem.janitor.Janitor;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.patchbay.transport.mmap.LogFileDescriptor.RECORDS_OFFSET;
import static dev.patchbay.transport.mmap.LogFileDescriptor.RECORD_HEADER_LENGTH;
import static dev.patchbay.transport.mmap.LogFileDescriptor.ROLL;
import static dev.patchbay.transport.mmap.LogFileDescriptor.stride;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real processes killed with SIGKILL at random points, 50 times each: a writer, whose reader must then get every
 * record it committed, once, in order, and none of what it left half-written; and a reader, which must then resume
 * exactly after the last record it consumed. Small files and messages of up to 20 KB, so that kills land in rolls
 * and in the middle of records.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class MmapCrashTest {
    private static final int KILLS = 50;
    private static final int SPREAD = 20_000;
    private static final Duration START = Duration.ofSeconds(20);
    private final Random random = new Random(20261124);
    private final MmapTransport transport = new MmapTransport();
    private final String name = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    private final Address address = Address.parse("mmap:" + name + "?rollSize=256k");
    private final LogFiles files = new LogFiles(name);
    private final LinkOptions options = LinkOptions.DEFAULTS.withOpenTimeout(START);

    @Test
    void aWriterKilledFiftyTimesLosesNoCommittedRecordAndLeavesNoTornOneBehind() throws Exception {
        long next = 0;
        int torn = 0;
        for (int kill = 0; kill <= KILLS; kill++) {
            boolean last = kill == KILLS;
            Acceptor acceptor = transport.listen(address, options);
            ChildOutput writer = last
                    ? ChildOutput.start(MmapWriterMain.class, address.toString(), "" + SPREAD, "" + (next + 100))
                    : ChildOutput.start(MmapWriterMain.class, address.toString(), "" + SPREAD);
            Link link;
            try (acceptor) {
                link = acceptor.accept(START);
            }
            if (!last) {
                assertThat(writer.await("sent", START)).as("the writer sends").isNotNull();
                CompletableFuture.delayedExecutor(random.nextInt(60), TimeUnit.MILLISECONDS).execute(() -> {
                    try {
                        writer.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            next = readUntilPeerGone(link, next);
            if (last) {
                assertThat(writer.awaitExit(START)).isZero();
            } else {
                writer.kill();
                torn += tornTail() ? 1 : 0;
                if (kill == 0) {
                    assertThat(new Janitor().find(name + ".ctl")).singleElement()
                            .satisfies(r -> assertThat(r.isLeftover()).as("persistent: not collected").isFalse());
                }
            }
            long committed = Long.parseLong(writer.last().substring("sent ".length()));
            assertThat(next).as("every record the writer committed before kill %d arrived", kill)
                    .isGreaterThan(committed);
        }
        System.out.printf("writer killed %d times: %d records in order, once each; %d kills left a torn record%n",
                KILLS, next, torn);
        assertThat(torn).as("kills that left a record or a file half-made, cut before anyone read it").isPositive();
        assertThat(files.controlExists()).as("the last writer closed and everything was read").isFalse();
    }

    /** Receives numbered messages from {@code next} on until the peer is gone; returns the next number due. */
    private static long readUntilPeerGone(Link link, long next) {
        long[] due = {next};
        try {
            while (true) {
                link.receive(m -> {
                    long number = Numbered.check(m, SPREAD);
                    if (number != due[0]) {
                        fail("expected message " + due[0] + " but got " + number + " (" + m.remaining() + " bytes)");
                    }
                    due[0]++;
                }, 256, Duration.ofSeconds(10));
            }
        } catch (PeerClosedException e) {
            link.close();
        }
        return due[0];
    }

    /**
     * True if the killed writer left something half-made at the end of b2a: bytes after the last committed record,
     * or a new file it had not finished making.
     */
    private boolean tornTail() {
        List<Long> indices = files.indices(LogFiles.B2A);
        long index = indices.get(indices.size() - 1);
        if (files.header(LogFiles.B2A, index).isEmpty()) {
            return true;
        }
        try (Segment file = Segment.open(SegmentSpec.persistentFile(files.log(LogFiles.B2A, index),
                OpenMode.OPEN_EXISTING, 0))) {
            ByteBuffer b = file.data().buffer();
            int at = RECORDS_OFFSET;
            for (int length = b.getInt(at); length > 0; length = b.getInt(at)) {
                at += stride(length - RECORD_HEADER_LENGTH);
            }
            if (b.getInt(at) == ROLL) {
                return false;
            }
            for (int i = at; i < Math.min(at + SPREAD + 64, (int) file.size()); i++) {
                if (b.get(i) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void aReaderKilledFiftyTimesResumesRightAfterTheLastRecordItConsumed() throws Exception {
        long resume = 0;
        long written = 0;
        for (int kill = 0; kill <= KILLS; kill++) {
            boolean last = kill == KILLS;
            Acceptor acceptor = transport.listen(address, options);
            ChildOutput reader = ChildOutput.start(MmapReaderMain.class, address.toString(), "" + SPREAD,
                    last ? Long.toString(written + 100) : Long.toString(Long.MAX_VALUE));
            MmapLink link;
            try (acceptor) {
                link = (MmapLink) acceptor.accept(START);
            }
            assertThat(link.nextSendSequence()).isEqualTo(written);
            long stop = last ? written + 100 : Long.MAX_VALUE;
            CompletableFuture<Long> writing = CompletableFuture.supplyAsync(() -> write(link, stop));
            assertThat(reader.await("first", START)).as("reader %d resumes where the last one stopped", kill)
                    .isEqualTo("first " + resume);
            if (last) {
                assertThat(reader.awaitExit(START)).isZero();
                assertThat(reader.rest()).noneMatch(line -> line.startsWith("BAD")).contains("done");
                written = writing.get(10, TimeUnit.SECONDS);
                link.close();
                assertThat(files.controlExists()).as("both sides read everything: the files are gone").isFalse();
                break;
            } else {
                // A random point of its reading: after 1 to 40 receives.
                reader.awaitCount("at ", 1 + random.nextInt(40), START);
                assertThat(reader.alive()).as("reader %d still reading when killed (else see its log: %s)", kill,
                        PeerProcess.logFile(MmapReaderMain.class)).isTrue();
                reader.kill();
            }
            written = writing.get(10, TimeUnit.SECONDS);
            link.close();
            List<String> said = reader.rest();
            assertThat(said).noneMatch(line -> line.startsWith("BAD"));
            long consumed = savedPosition();
            long shown = said.stream().filter(l -> l.startsWith("at ")).mapToLong(l -> Long.parseLong(l.substring(3)))
                    .max().orElse(resume);
            assertThat(consumed).as("the saved position after kill %d", kill).isBetween(shown, written);
            resume = consumed;
        }
        System.out.printf("reader killed %d times: %d records read, each exactly once%n", KILLS, written);
    }

    /** Sends numbered messages until {@code stop} or the peer is gone; returns the next number. */
    private static long write(MmapLink link, long stop) {
        try {
            while (link.nextSendSequence() < stop) {
                link.send(Numbered.message(link.nextSendSequence(), SPREAD));
            }
        } catch (PatchbayException e) {
            // The reader was killed (or this side closed): the record not sent is sent again next time.
        }
        return link.nextSendSequence();
    }

    /** Where the reader of a2b saved it had got to. */
    private long savedPosition() {
        try (ControlFile control = ControlFile.openExisting(files)) {
            return control.readerSequence(LogFiles.A2B);
        }
    }
}
