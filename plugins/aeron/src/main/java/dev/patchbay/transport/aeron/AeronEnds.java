package dev.patchbay.transport.aeron;

import dev.patchbay.api.AddressException;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.OpenTimeoutException;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import org.agrona.CloseHelper;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One side's subscription (on its own endpoint) and publication (to the other's) before the peer has shown up. The
 * link is up when our publication has been connected (the peer's subscription acknowledged it) and the peer's
 * publication has given us an image that had not ended when we first saw it; an image left over from an earlier link
 * on the same endpoints has ended.
 */
final class AeronEnds {
    /** Aeron's own ceiling: a message may take at most an eighth of a term, and a term is at most 1 GiB. */
    static final int LARGEST_MESSAGE = 16 << 20;

    private final AeronAddress address;
    private final Side side;
    private final Drivers.Lease lease;
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final int maxMessage;

    private AeronEnds(AeronAddress address, Side side, Drivers.Lease lease, Subscription subscription,
                      ExclusivePublication publication, int maxMessage) {
        this.address = address;
        this.side = side;
        this.lease = lease;
        this.subscription = subscription;
        this.publication = publication;
        this.maxMessage = maxMessage;
    }

    static AeronEnds open(AeronAddress address, Side side, LinkOptions options) {
        if (options.maxMessageSize() > LARGEST_MESSAGE) {
            throw new AddressException(address.address() + ": maxMessage=" + options.maxMessageSize()
                    + " is past what Aeron carries (" + LARGEST_MESSAGE + " bytes)");
        }
        Drivers.Lease lease = Drivers.acquire(address.externalDriver());
        Subscription subscription = null;
        try {
            subscription = lease.aeron().addSubscription(address.subscribeChannel(side), address.subscribeStream(side));
            ExclusivePublication publication = lease.aeron().addExclusivePublication(
                    address.publishChannel(side, termLength(options.maxMessageSize())), address.publishStream(side));
            return new AeronEnds(address, side, lease, subscription, publication, options.maxMessageSize());
        } catch (RuntimeException e) {
            CloseHelper.quietClose(subscription);
            lease.close();
            throw e;
        }
    }

    /** The smallest power-of-two term that holds a message of {@code maxMessage} (an eighth of it), at least 64 KiB. */
    static int termLength(int maxMessage) {
        long needed = Math.max(64 << 10, (long) maxMessage * 8);
        return (int) Math.min(1L << 30, Long.highestOneBit(needed - 1) << 1);
    }

    /** Waits for the peer until the deadline; {@code cancelled} ends the wait (an acceptor closed meanwhile). */
    AeronLink awaitPeer(long deadlineNanos, long timeoutMillis, BooleanSupplier cancelled) {
        long backoff = 50_000;
        // Either may be seen before the other. A peer that closes at once may be gone again before its image is
        // seen here: our publication was connected, and is no more. The link then opens, and reports the close.
        Image image = null;
        boolean connected = false;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new LinkClosedException("acceptor " + address.address() + " was closed");
            }
            image = image != null ? image : freshImage();
            boolean connectedNow = publication.isConnected();
            if ((image != null && (connected || connectedNow)) || (connected && !connectedNow)) {
                return new AeronLink(address.address(), lease, subscription, publication, image, maxMessage,
                        address.rendezvous().flatMap(r -> r.peerOf(side)).orElse(null));
            }
            connected |= connectedNow;
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new OpenTimeoutException("no peer on " + address.address() + " within " + timeoutMillis
                        + " ms (publication " + (publication.isConnected() ? "connected" : "not connected")
                        + ", " + subscription.imageCount() + " image(s) on " + subscription.channel()
                        + "); start the other side with: patchbay "
                        + "connect " + address.address());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new LinkInterruptedException("interrupted while waiting for a peer on " + address.address());
            }
            LockSupport.parkNanos(Math.min(left, backoff));
            backoff = Math.min(backoff * 2, 10_000_000);
        }
    }

    private Image freshImage() {
        for (Image image : subscription.images()) {
            if (!image.isClosed() && !image.isEndOfStream()) {
                return image;
            }
        }
        return null;
    }

    void close() {
        CloseHelper.quietCloseAll(publication, subscription);
        lease.close();
    }
}
