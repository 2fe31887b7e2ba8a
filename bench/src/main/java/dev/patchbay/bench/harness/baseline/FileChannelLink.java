package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.TransportIoException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@link Link} over two append-only files ({@link FileLogLayout}), one each way, written with
 * {@link java.nio.channels.FileChannel} alone: what a user who wants a message log on disk without a library would
 * write. A receiver with nothing to read polls its file, waiting with {@link PollingBackoff}.
 */
final class FileChannelLink extends PollingLink {
    private final FileAppender out;
    private final FileTailer in;
    private final Path ownedDir;
    private final PollingBackoff backoff = new PollingBackoff();

    /**
     * @param ownedDir the folder to delete on close (the listener's), or null
     */
    FileChannelLink(Address address, FileAppender out, FileTailer in, Path ownedDir) {
        super(address);
        this.out = out;
        this.in = in;
        this.ownedDir = ownedDir;
    }

    @Override
    public void send(ByteBuffer message) {
        checkSend(message, FileLogLayout.MAX_MESSAGE);
        try {
            out.append(message, in::ended);
        } catch (NoSuchFileException e) {
            // The listener closed and took the folder with it.
            throw peerClosed();
        } catch (IOException e) {
            throw new TransportIoException("cannot append to the log of " + address() + ": " + e, e);
        }
        message.position(message.limit());
    }

    @Override
    int take(MessageHandler handler, int limit) {
        try {
            return in.poll(handler, limit);
        } catch (NoSuchFileException e) {
            throw peerClosed();
        } catch (IOException e) {
            throw new TransportIoException("cannot read the log of " + address() + ": " + e, e);
        }
    }

    @Override
    boolean peerGone() {
        return in.ended();
    }

    @Override
    void idle() {
        backoff.idle();
    }

    @Override
    void rested() {
        backoff.reset();
    }

    /** The writer first: its end mark tells the peer at once. Then the reader deletes what it will not read. */
    @Override
    void release() {
        closeQuietly(out);
        closeQuietly(in);
        if (ownedDir != null) {
            FileLogLayout.deleteFolder(ownedDir);
        }
    }

    private static void closeQuietly(AutoCloseable end) {
        try {
            end.close();
        } catch (Exception e) {
            // The peer may have taken the folder already; nothing more to release.
        }
    }
}
