package dev.patchbay.transport.mmap;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.testkit.Fuzz;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real logs and control files, written by a real pair, then damaged on disk (bytes flipped, overwritten, lengths
 * and sequence numbers set to edge values) before a new pair opens them and the reader carries on. Opening may
 * refuse the damage; reading must end in a CorruptFrameException or go on, within a deadline, without allocating
 * past its limit, and never look like a peer that closed (the writer of the second pair is alive throughout).
 */
class MmapRecordFuzzTest {
    private static final Duration PER_INPUT = Duration.ofSeconds(30);
    private static final String PARAMS = "?rollSize=64k&retain=all";
    private static final int LIMIT = 64 * 1024;
    private static final int[] EDGE = {0, 1, -1, 8, 15, 16, 17, LogFileDescriptor.ROLL, Integer.MAX_VALUE,
            Integer.MIN_VALUE, LIMIT, LIMIT + 1, 1 << 20};
    private final MmapTransport transport = new MmapTransport();
    private final LinkOptions options = LinkOptions.DEFAULTS.withMaxMessageSize(LIMIT);

    @Test
    void damagedLogsAndControlFilesAreRefusedOrReadButNeverWorse() {
        Fuzz.run(40, PER_INPUT, this::feed);
    }

    private void feed(Fuzz fuzz, String replay) throws Exception {
        LogFiles files = new LogFiles("fuzz-" + UUID.randomUUID().toString().substring(0, 8));
        Address address = Address.parse("mmap:" + files.name() + PARAMS);
        try {
            int count = fuzz.between(1, 40);
            Link[] first = pair(address);
            try (Link writer = first[0]; Link reader = first[1]) {
                for (long n = 0; n < count; n++) {
                    writer.send(Numbered.message(n, MmapTransportTest.SPREAD));
                }
                Numbered.receive(reader, fuzz.between(0, count), MmapTransportTest.SPREAD);
            }
            String damage = damage(fuzz, files);
            String what = replay + count + " records," + damage + ": ";
            openAndRead(address, what);
        } finally {
            files.deleteAll();
        }
    }

    private Link[] pair(Address address) throws Exception {
        try (Acceptor acceptor = transport.listen(address, options)) {
            CompletableFuture<Link> connector = CompletableFuture.supplyAsync(() -> transport.connect(address, options));
            return new Link[] {acceptor.accept(Duration.ofSeconds(5)), connector.get(5, TimeUnit.SECONDS)};
        }
    }

    /** Opens a new pair on the damaged files and reads what the connector is due; judges how it went. */
    private void openAndRead(Address address, String what) throws Exception {
        Acceptor acceptor;
        try {
            acceptor = transport.listen(address, options);
        } catch (PatchbayException refused) {
            return;
        }
        Link writer = null;
        Link reader = null;
        try (acceptor) {
            CompletableFuture<Link> accepting = CompletableFuture.supplyAsync(
                    () -> acceptor.accept(Duration.ofSeconds(5)));
            CompletableFuture<Link> connecting = CompletableFuture.supplyAsync(
                    () -> transport.connect(address, options));
            reader = settle(connecting, what + "connect");
            if (reader == null) {
                acceptor.close();
            }
            writer = settle(accepting, what + "accept");
            if (reader == null || writer == null) {
                return;
            }
            Throwable end = null;
            int quiet = 0;
            while (end == null && quiet < 3) {
                try {
                    quiet = reader.receive(m -> { }, 16, Duration.ofMillis(30)) == 0 ? quiet + 1 : 0;
                } catch (Throwable t) {
                    end = t;
                }
            }
            if (end != null) {
                assertThat(end).as(what + "how the reader ended").isInstanceOf(CorruptFrameException.class);
            }
        } finally {
            for (Link link : new Link[] {reader, writer}) {
                if (link != null) {
                    link.close();
                }
            }
        }
    }

    /** The link, or null if opening refused the damage with a PatchbayException (anything else fails). */
    private static Link settle(CompletableFuture<Link> opening, String what) throws Exception {
        try {
            return opening.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as(what).isInstanceOf(PatchbayException.class);
            return null;
        }
    }

    /** Damages one of the files on disk; returns what it did, for the failure message. */
    private static String damage(Fuzz fuzz, LogFiles files) throws Exception {
        List<Long> logs = files.indices(LogFiles.A2B);
        boolean control = logs.isEmpty() || fuzz.random().nextInt(4) == 0;
        String file = control ? files.control() : files.log(LogFiles.A2B, logs.get(fuzz.random().nextInt(logs.size())));
        Path path = files.path(file);
        StringBuilder done = new StringBuilder(" " + path.getFileName());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Where damage means most: the headers and the first records, not the zeros at a file's end.
            int span = (int) Math.min(channel.size(), control ? channel.size() : LogFileDescriptor.RECORDS_OFFSET
                    + 16 * 1024L);
            for (int d = fuzz.between(1, 3); d > 0; d--) {
                int at = fuzz.random().nextInt(Math.max(1, span - 8));
                ByteBuffer bytes;
                if (fuzz.random().nextBoolean()) {
                    at &= ~3;
                    int value = EDGE[fuzz.random().nextInt(EDGE.length)];
                    bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
                    done.append(" int ").append(value);
                } else {
                    bytes = ByteBuffer.wrap(fuzz.bytes(fuzz.between(1, 8)));
                    done.append(' ').append(bytes.remaining()).append(" bytes");
                }
                done.append(" at ").append(at);
                channel.write(bytes, at);
            }
        }
        return done.toString();
    }
}
