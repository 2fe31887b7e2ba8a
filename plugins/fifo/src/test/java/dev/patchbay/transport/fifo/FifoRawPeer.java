package dev.patchbay.transport.fifo;

import dev.patchbay.api.testkit.Corruption;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A peer that opens a listener's fifos by hand and writes bad bytes instead of a frame: {@code <name> <kind>}. */
public final class FifoRawPeer {
    private FifoRawPeer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = RuntimeDirectory.sub("fifo");
        byte[] bytes = Corruption.valueOf(args[1]).streamBytes();
        try (FileChannel out = FileChannel.open(dir.resolve(args[0] + ".c2s"), StandardOpenOption.WRITE);
             FileChannel in = FileChannel.open(dir.resolve(args[0] + ".s2c"), StandardOpenOption.READ)) {
            out.write(ByteBuffer.wrap(bytes));
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (in.read(sink.clear()) >= 0) {
                // Wait for the listener to close.
            }
        }
    }
}
