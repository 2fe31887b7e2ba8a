package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import dev.patchbay.api.TransportIoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plain-JDK baseline for the mmap backend, written against the plugin API so that the harness's own sender and
 * receiver drive it: {@code filechannel:/<folder>?roll=16m}. Each direction is a log of files in the folder
 * ({@link FileLogLayout}), appended to with {@code FileChannel.write} and never forced, read with positional reads
 * that poll for more. The listener makes the folder and deletes it on close. Needs only the JDK, so it runs on
 * the harness's own class path.
 *
 * <p>{@code roll} is the bytes per file before the writer goes on in the next one (16 MiB, as mmap's
 * {@code rollSize}); a test sets it small to exercise the change of file.
 */
public final class FileChannelTransport implements Transport {
    @Override
    public String scheme() {
        return "filechannel";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, false, false, FileLogLayout.MAX_MESSAGE);
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        Path dir = folder(address);
        try {
            Files.createDirectories(dir);
            FileAppender out = FileAppender.create(dir, FileLogLayout.LISTENER_WRITES, rollSize(address));
            return new OnceAcceptor(address, new PendingLink() {
                private final Path theirs = FileLogLayout.file(dir, FileLogLayout.CONNECTOR_WRITES, 0);

                @Override
                public boolean peerArrived() {
                    return Files.exists(theirs);
                }

                @Override
                public Link link() {
                    try {
                        return new FileChannelLink(address, out, FileTailer.open(dir,
                                FileLogLayout.CONNECTOR_WRITES), dir);
                    } catch (IOException e) {
                        release();
                        throw new TransportIoException("cannot open " + theirs + ": " + e, e);
                    }
                }

                @Override
                public String awaited() {
                    return "a connector's file " + theirs;
                }

                @Override
                public void release() {
                    try {
                        out.close();
                    } catch (IOException e) {
                        // The folder goes next anyway.
                    }
                    FileLogLayout.deleteFolder(dir);
                }
            });
        } catch (IOException e) {
            throw new TransportIoException("cannot make the log files in " + dir + ": " + e, e);
        }
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        Path dir = folder(address);
        Meeting.awaitFile(FileLogLayout.file(dir, FileLogLayout.LISTENER_WRITES, 0), options.openTimeout(),
                "listener");
        try {
            FileAppender out = FileAppender.create(dir, FileLogLayout.CONNECTOR_WRITES, rollSize(address));
            return new FileChannelLink(address, out, FileTailer.open(dir, FileLogLayout.LISTENER_WRITES), null);
        } catch (IOException e) {
            throw new TransportIoException("cannot open the log files in " + dir + ": " + e, e);
        }
    }

    private static Path folder(Address address) {
        return Meeting.absolutePath(address, "filechannel:/tmp/patchbay-bench-orders");
    }

    private static long rollSize(Address address) {
        return address.sizeParam("roll", FileLogLayout.DEFAULT_ROLL_SIZE);
    }
}
