package dev.patchbay.bench.jmh;

import dev.patchbay.api.MessageHandler;
import dev.patchbay.sharedmem.ring.RecordHandler;

import java.nio.ByteBuffer;

/**
 * Where the benchmarks' records and messages go: it reads each one's first bytes, so the receiving side does touch
 * the payload, and keeps a sum the benchmark returns, so that the JIT cannot drop the reads.
 */
final class PayloadSink implements RecordHandler, MessageHandler {
    long sum;

    @Override
    public void onRecord(int type, ByteBuffer buffer, int index, int length) {
        sum += buffer.getLong(index) + type;
    }

    @Override
    public void onMessage(ByteBuffer message) {
        sum += message.getLong(message.position());
    }
}
