package dev.patchbay.transport.mmap;

import dev.patchbay.sharedmem.segment.SegmentFolders;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of one mmap link, all directly in the data folder: {@code <name>.ctl}, and per direction the logs
 * {@code <name>.a2b.00000001.log}, {@code .00000002.log}, ... (a2b: written by the listener; b2a: by the connector).
 */
final class LogFiles {
    /** Direction written by the listener. */
    static final int A2B = 0;
    /** Direction written by the connector. */
    static final int B2A = 1;

    private final String name;
    private final Path folder;

    LogFiles(String name) {
        this.name = name;
        this.folder = SegmentFolders.dataFolder();
    }

    /** What the first record of a log file is, from its header. */
    record Header(long index, long firstSequence) {
    }

    String name() {
        return name;
    }

    String control() {
        return name + ".ctl";
    }

    String log(int direction, long index) {
        return String.format("%s.%s.%08d.log", name, label(direction), index);
    }

    static String label(int direction) {
        return direction == A2B ? "a2b" : "b2a";
    }

    Path path(String file) {
        return folder.resolve(file);
    }

    /** The indices of the log files of {@code direction} there are, in order. */
    List<Long> indices(int direction) {
        String prefix = name + "." + label(direction) + ".";
        List<Long> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(prefix) && f.endsWith(".log"))
                    .map(f -> f.substring(prefix.length(), f.length() - 4))
                    .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 19)
                    .map(Long::parseLong)
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return out;
    }

    /**
     * The header of a log file, if the file was made completely: its segment published and its log header
     * written. A file without one was being made when its writer died, or is damaged (see {@link #headerDamage}).
     */
    Optional<Header> header(int direction, long index) {
        ByteBuffer b = readHeaders(direction, index);
        return b != null && problemWith(b, index) == null
                ? Optional.of(new Header(index, b.getLong(LogFileDescriptor.FIRST_SEQUENCE_OFFSET)))
                : Optional.empty();
    }

    /** What is wrong with the headers of a log file, for a message; null if they are sound. */
    String headerDamage(int direction, long index) {
        ByteBuffer b = readHeaders(direction, index);
        return b == null ? "it cannot be read" : problemWith(b, index);
    }

    /** The segment and log headers of a file, or what there is of them; null if it cannot be read. */
    private ByteBuffer readHeaders(int direction, long index) {
        Path file = path(log(direction, index));
        ByteBuffer b = ByteBuffer.allocate(LogFileDescriptor.RECORDS_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (b.hasRemaining() && channel.read(b) >= 0) {
                // Read the two headers, or what there is of them.
            }
        } catch (IOException e) {
            return null;
        }
        return b;
    }

    private static String problemWith(ByteBuffer b, long index) {
        if (b.hasRemaining()) {
            return "it is " + b.position() + " bytes long, shorter than its headers";
        }
        if (b.getLong(SegmentHeaderDescriptor.MAGIC_OFFSET) != SegmentHeaderDescriptor.MAGIC) {
            return "its segment header is not published (magic 0x"
                    + Long.toHexString(b.getLong(SegmentHeaderDescriptor.MAGIC_OFFSET)) + ")";
        }
        String problem = LogFileDescriptor.LAYOUT.problem(
                Integer.toUnsignedLong(b.getInt(LogFileDescriptor.MAGIC_OFFSET)),
                Short.toUnsignedInt(b.getShort(LogFileDescriptor.VERSION_MAJOR_OFFSET)),
                Short.toUnsignedInt(b.getShort(LogFileDescriptor.VERSION_MINOR_OFFSET)));
        if (problem != null) {
            return "it " + problem + " (a damaged header?)";
        }
        int stated = b.getInt(LogFileDescriptor.INDEX_OFFSET);
        return stated == (int) index ? null : "its header says it is file " + stated + ": a damaged header";
    }

    void delete(String file) {
        try {
            Files.deleteIfExists(path(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path(file), e);
        }
    }

    /** Deletes every file of the link: the logs first, the control file last (its absence says: all gone). */
    void deleteAll() {
        for (int direction : new int[] {A2B, B2A}) {
            for (long index : indices(direction)) {
                delete(log(direction, index));
            }
        }
        delete(control());
    }

    boolean controlExists() {
        return Files.exists(path(control()), LinkOption.NOFOLLOW_LINKS);
    }
}
