package dev.patchbay.sharedmem;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutHeaderTest {
    private static final LayoutHeader RING = LayoutHeader.of("ring buffer", 0x4252_4250, 1, 2);
    private static final int AT = 24;

    private final ByteBuffer memory = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void aPublishedHeaderChecksAndItsFieldsSitWherePROTOCOLSays() {
        RING.writeVersion(memory, AT);
        RING.publish(memory, AT);

        assertThatCode(() -> RING.check("ring at 24", memory, AT)).doesNotThrowAnyException();
        assertThat(memory.getInt(AT)).isEqualTo(0x4252_4250);
        assertThat(memory.getShort(AT + 4)).isEqualTo((short) 1);
        assertThat(memory.getShort(AT + 6)).isEqualTo((short) 2);
    }

    @Test
    void memoryNobodyPublishedIsRefusedNamingBothMagics() {
        RING.writeVersion(memory, AT);

        assertThatThrownBy(() -> RING.check("ring at 24", memory, AT))
                .isInstanceOf(IncompatibleLayoutException.class)
                .hasMessage("ring at 24 is not a Patchbay layout: ring buffer magic 0x0, expected 0x42524250");
    }

    @Test
    void anotherMajorIsRefusedAndANewerMinorRead() {
        RING.publish(memory, AT);
        memory.putShort(AT + 4, (short) 2).putShort(AT + 6, (short) 5);
        assertThatThrownBy(() -> RING.check("ring at 24", memory, AT))
                .hasMessage("ring at 24 has ring buffer layout version 2.5; this side reads version 1.x (it writes"
                        + " 1.2)");

        memory.putShort(AT + 4, (short) 1).putShort(AT + 6, (short) 9);
        assertThatCode(() -> RING.check("ring at 24", memory, AT)).doesNotThrowAnyException();
    }

    @Test
    void aWideMagicAndAShortAreaAreWordedAlike() {
        LayoutHeader segment = new LayoutHeader("segment header", 0x5941_4248_4354_4150L, 1, 0);
        assertThat(segment.problem(0x0102_0304_0506_0708L, 1, 0))
                .isEqualTo("is not a Patchbay layout: segment header magic 0x102030405060708, expected"
                        + " 0x5941424843544150");
        assertThat(segment.problem(0x5941_4248_4354_4150L, 1, 7)).isNull();

        assertThatThrownBy(() -> RING.requireLength("file orders.ctl", 4096, 8192))
                .isInstanceOf(IncompatibleLayoutException.class)
                .hasMessage("file orders.ctl is 4096 bytes, too small for a ring buffer of version 1.2 (at least"
                        + " 8192)");
        assertThatCode(() -> RING.requireLength("file orders.ctl", 8192, 8192)).doesNotThrowAnyException();
    }
}
