package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Messages written as records by {@link MessageWriter} and put together by {@link Reassembly}, on a real ring in a
 * real segment. The ring holds 4 KiB, so its largest record is 512 bytes and a first fragment carries 508.
 */
class MessageRecordsTest {
    private static final int CAPACITY = 4096;
    private static final int LARGEST = CAPACITY / 8;
    private static final int LIMIT = 64 * 1024;

    private Segment segment;
    private RingBuffer ring;
    private Reassembly reassembly;
    private final List<byte[]> received = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final RecordHandler handler = (type, buffer, index, length) -> {
        types.add(type);
        ByteBuffer message = reassembly.onRecord(type, buffer, index, length);
        if (message != null) {
            byte[] copy = new byte[message.remaining()];
            message.get(message.position(), copy);
            received.add(copy);
        }
    };

    @BeforeEach
    void setUp() {
        segment = Segment.open(SegmentSpec.posix(TestNames.random("records"), OpenMode.CREATE_NEW, 1 << 16));
        RingSpec spec = RingSpec.oneToOne(CAPACITY);
        ring = RingBuffer.create(segment.data().slice(0, spec.requiredLength()), spec);
        reassembly = new Reassembly(ring.buffer(), LIMIT, "the mapping");
    }

    @AfterEach
    void tearDown() {
        segment.close();
    }

    private static ByteBuffer bytes(int length, int seed) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put(i, (byte) (seed + i * 31));
        }
        return b;
    }

    /** A writer whose wait for room is the reader taking what is there, so one thread can move any size. */
    private MessageWriter drainingWriter() {
        return new MessageWriter(ring, (recordLength, interruptible) -> {
            ring.poll(handler, Integer.MAX_VALUE);
            return false;
        });
    }

    private static byte[] concat(ByteBuffer header, ByteBuffer payload) {
        byte[] all = new byte[header.remaining() + payload.remaining()];
        header.get(header.position(), all, 0, header.remaining());
        payload.get(payload.position(), all, header.remaining(), payload.remaining());
        return all;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 508, 511, 512, 513, 1019, 1020, 1021, 1532, 1533, 3000, 4096, 20_001})
    void aMessageOfAnySizeComesOutWholeAndTheRecordsAreAsDocumented(int length) {
        ByteBuffer header = bytes(Math.min(length, 13), 7);
        ByteBuffer payload = bytes(length - header.remaining(), 99);
        byte[] expected = concat(header, payload);

        drainingWriter().write(header, payload);
        ring.poll(handler, Integer.MAX_VALUE);

        assertThat(received).hasSize(1);
        assertThat(received.get(0)).isEqualTo(expected);
        assertThat(header.position()).as("the writer leaves positions alone").isZero();
        int records = MessageRecords.records(length, LARGEST);
        assertThat(types).hasSize(records);
        if (length <= LARGEST) {
            assertThat(types).containsExactly(MessageRecords.MESSAGE);
        } else {
            assertThat(types.get(0)).isEqualTo(MessageRecords.FIRST);
            assertThat(types.subList(1, records)).containsOnly(MessageRecords.MORE);
        }
        assertThat(reassembly.isAssembling()).isFalse();
    }

    @Test
    void aFirstFragmentStartsWithTheWholeLengthThenTheFirstBytes() {
        ByteBuffer message = bytes(1000, 3);
        List<ByteBuffer> records = new ArrayList<>();
        new MessageWriter(ring, (recordLength, interruptible) -> false).write(ByteBuffer.allocate(0), message);
        ring.poll((type, buffer, index, length) -> {
            ByteBuffer copy = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            copy.put(0, buffer, index, length);
            records.add(copy);
            types.add(type);
        }, Integer.MAX_VALUE);

        assertThat(types).containsExactly(MessageRecords.FIRST, MessageRecords.MORE);
        assertThat(records.get(0).capacity()).isEqualTo(LARGEST);
        assertThat(records.get(0).getInt(0)).isEqualTo(1000);
        assertThat(records.get(0).get(4)).isEqualTo(message.get(0));
        assertThat(records.get(1).capacity()).isEqualTo(1000 - (LARGEST - 4));
        assertThat(records.get(1).get(0)).isEqualTo(message.get(LARGEST - 4));
    }

    @Test
    void manyFragmentedMessagesReuseOneBuffer() {
        MessageWriter writer = drainingWriter();
        for (int i = 0; i < 50; i++) {
            writer.write(ByteBuffer.allocate(0), bytes(2000 + i, i));
        }
        ring.poll(handler, Integer.MAX_VALUE);
        assertThat(received).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(received.get(i)).isEqualTo(bytes(2000 + i, i).array());
        }
    }

    @Test
    void roomForAFragmentedMessageCountsEveryRecord() {
        MessageWriter writer = new MessageWriter(ring, (recordLength, interruptible) -> {
            throw new AssertionError("no wait expected");
        });
        assertThat(writer.hasRoomFor(CAPACITY)).as("a message as large as the ring").isFalse();
        int fits = CAPACITY / RecordDescriptor.stride(LARGEST) * LARGEST - 4 * LARGEST;
        assertThat(writer.hasRoomFor(fits)).isTrue();
        writer.write(ByteBuffer.allocate(0), bytes(fits, 1));
        assertThat(writer.hasRoomFor(LARGEST * 5)).isFalse();
    }

    @Test
    void anInterruptSetAsideAfterTheFirstFragmentIsSetAgainOnceTheMessageIsOut() {
        List<Boolean> interruptible = new ArrayList<>();
        MessageWriter writer = new MessageWriter(ring, (recordLength, mayThrow) -> {
            interruptible.add(mayThrow);
            ring.poll(handler, Integer.MAX_VALUE);
            return !mayThrow;
        });
        try {
            writer.write(ByteBuffer.allocate(0), bytes(CAPACITY * 2, 5));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(interruptible).isNotEmpty().containsOnly(false);
        ring.poll(handler, Integer.MAX_VALUE);
        assertThat(received).hasSize(1);
    }

    private void commit(int type, int firstInt, int length) {
        int index = ring.tryClaim(type, length);
        if (length >= 4) {
            ring.buffer().putInt(index, firstInt);
        }
        ring.commit(index);
    }

    private void refuses(String... evidence) {
        var thrown = assertThatThrownBy(() -> ring.poll(handler, Integer.MAX_VALUE))
                .isInstanceOf(CorruptRecordException.class).hasMessageStartingWith("record at offset ")
                .hasMessageContaining("of the mapping");
        for (String e : evidence) {
            thrown.hasMessageContaining(e);
        }
    }

    @Test
    void aFirstFragmentPastTheLimitIsRefusedBeforeAnythingIsAllocated() {
        commit(MessageRecords.FIRST, Integer.MAX_VALUE, 16);
        refuses("claims 2147483647 bytes, which exceeds the limit of " + LIMIT + " bytes");
    }

    @Test
    void aFirstFragmentThatHoldsTheWholeMessageIsRefused() {
        commit(MessageRecords.FIRST, 8, 16);
        refuses("a fragmented message of 8 bytes came in one fragment");
    }

    @Test
    void aFragmentWithNoMessageBegunIsRefused() {
        commit(MessageRecords.MORE, 0, 16);
        refuses("a fragment arrived with no message begun");
    }

    @Test
    void aWholeMessageInsideAFragmentedOneIsRefused() {
        commit(MessageRecords.FIRST, 2000, LARGEST);
        commit(MessageRecords.MESSAGE, 0, 16);
        refuses("a whole message arrived while a fragmented one was 508 of 2000 bytes in");
    }

    @Test
    void aFragmentPastTheAnnouncedLengthIsRefused() {
        commit(MessageRecords.FIRST, 600, LARGEST);
        commit(MessageRecords.MORE, 0, 100);
        refuses("a fragment of 100 bytes overruns a message that was 508 of 600 bytes in");
    }

    @Test
    void anUnknownTypeIsRefused() {
        commit(9, 0, 16);
        refuses("record type 9 is none of 1 (message), 2 (first fragment), 3 (fragment)");
    }
}
