package dev.patchbay.host.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Damages a mapped log on disk the way a bad sector or a stray write would: one flipped byte in a record. */
final class LogDamage {
    private LogDamage() {
    }

    /**
     * Finds numbered record {@code n} in the log files whose names start with {@code filePrefix} and flips one byte
     * in the middle of its body.
     *
     * @throws IllegalStateException if no file holds it
     */
    static void flipByteOfRecord(Path folder, String filePrefix, long n) throws IOException {
        ByteBuffer record = NumberedRecord.of(n);
        byte[] head = new byte[Math.min(record.remaining(), 24)];
        record.duplicate().get(head);
        List<Path> logs;
        try (Stream<Path> files = Files.list(folder)) {
            logs = files.filter(p -> p.getFileName().toString().startsWith(filePrefix)).sorted().toList();
        }
        for (Path log : logs) {
            byte[] bytes = Files.readAllBytes(log);
            int at = indexOf(bytes, head);
            if (at >= 0) {
                try (FileChannel file = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    int target = at + record.remaining() / 2;
                    file.write(ByteBuffer.wrap(new byte[] {(byte) ~bytes[target]}), target);
                }
                return;
            }
        }
        throw new IllegalStateException("record " + n + " is in none of " + logs);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
