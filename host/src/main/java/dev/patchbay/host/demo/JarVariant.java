package dev.patchbay.host.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy of a jar that differs only in its zip comment: the same code under another SHA-256, so a host takes it
 * for a new generation. For patch-cycle measurements that need many generations of one plugin.
 */
public final class JarVariant {
    private static final int END_RECORD_LENGTH = 22;
    private static final int END_SIGNATURE = 0x06054b50;

    private JarVariant() {
    }

    /** Writes {@code jar} with the comment {@code comment} to {@code to}. */
    public static void write(Path jar, String comment, Path to) throws IOException {
        byte[] bytes = Files.readAllBytes(jar);
        int end = endRecord(bytes, jar);
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(end + END_RECORD_LENGTH + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(bytes, 0, end + END_RECORD_LENGTH - 2).putShort((short) text.length).put(text);
        Files.write(to, out.array());
    }

    private static int endRecord(byte[] bytes, Path jar) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = bytes.length - END_RECORD_LENGTH; i >= Math.max(0, bytes.length - END_RECORD_LENGTH - 65535);
             i--) {
            if (b.getInt(i) == END_SIGNATURE && i + END_RECORD_LENGTH + (b.getShort(i + 20) & 0xffff)
                    == bytes.length) {
                return i;
            }
        }
        throw new IOException(jar + " is not a zip file: no end-of-central-directory record");
    }
}
