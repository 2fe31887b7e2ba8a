package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.ReadinessWord;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.module.TransportRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A sequenced, two-way message stream between two processes that runs over one {@link Link} at a time and can move
 * to another link, of another backend or another version of the same one, while both sides keep sending: no
 * message is lost, repeated or reordered (docs/PROTOCOL.md, "Migration").
 *
 * <p>Threads: any number of threads may send (sends are serialised); one thread at a time receives. Control frames
 * travel in-band and are handled by whoever reads: the application's receiving thread, or, while the application
 * is not inside {@link #receive}, one of the host's agents ({@link #serviceIdle}), which keeps the application
 * messages it reads for the next receive. So a channel migrates whether or not its owner receives; a migration that
 * is not answered in time is rolled back. {@link #migrate} must not be called from the receiving thread.
 *
 * <p>The channel is a facade: its migration state has one owner, a {@link MigrationMachine}, which the frames read
 * here, the initiator's steps and the commands below feed with events and which answers with the actions to take.
 */
public final class Channel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    private final String name;
    private final int maxMessageSize;
    private final LinkOptions linkOptions;
    private final MigrationOptions migrationOptions;
    private final ModuleResolver resolver;
    private final ChannelEvents events;
    private final Executor background;
    private final ControlHandler control;

    private final ChannelSender sender;

    // Receive side: one reader at a time, the application's receiving thread or an agent, under readLock.
    private final ReentrantLock readLock = new ReentrantLock();
    private final ParkedMessages parked = new ParkedMessages();
    /** Where an agent's read puts application messages until the next receive. */
    private final ChannelHandler keep = (sequence, message) -> parked.park(sequence, message);
    private final FrameReader frameReader = new FrameReader();
    private volatile boolean applicationReceiving;
    private volatile long nextReceiveSequence;
    private volatile Thread receiver;
    private volatile long lastReceiveNanos = System.nanoTime();

    // Which links the channel uses and the migration under way. Lock order: the sender's lock may be held when a
    // transition takes the machine's, never the reverse (actions run after the machine's lock is released).
    private final MigrationMachine machine;
    private final MigrationEffects effects;
    private volatile ChannelHello.Peer peerProtocol;

    private final ChannelCounters counters = new ChannelCounters();

    /**
     * @param name             how the channel is called in listings and commands
     * @param link             the link it starts on
     * @param transport        the transport (and module generation) the link came from
     * @param linkOptions      the options new links are opened with; the largest application message is the link's
     *                         limit minus the channel header
     * @param migrationOptions how migrations that the peer starts are run
     * @param resolver         finds the module generation a peer's migration names
     * @param events           hears how migrations end
     * @param background       runs the peer side's opening of new links, off the receiving thread
     */
    public Channel(String name, Link link, TransportRef transport, LinkOptions linkOptions,
                   MigrationOptions migrationOptions, ModuleResolver resolver, ChannelEvents events,
                   Executor background) {
        this.name = name;
        this.maxMessageSize = linkOptions.maxMessageSize() - ChannelFrame.HEADER_LENGTH;
        this.linkOptions = linkOptions;
        this.migrationOptions = migrationOptions;
        this.resolver = resolver;
        this.events = events;
        this.background = background;
        this.machine = new MigrationMachine(new Leg(link, transport));
        this.sender = new ChannelSender(this, link, migrationOptions);
        this.effects = new MigrationEffects(this, machine, sender, events, counters);
        this.control = new ControlHandler(this, machine, effects);
        try {
            sender.sendControl(Kind.HELLO, 0, ChannelHello.body());
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }


    /**
     * Sends the bytes between the buffer's position and limit as the next message. Blocks under back-pressure and
     * while a failed migration is being rolled back.
     *
     * @return the message's sequence number
     */
    public long send(ByteBuffer message) {
        int length = message.remaining();
        if (length > maxMessageSize) {
            throw new MessageTooLargeException(length, maxMessageSize);
        }
        long sequence = sender.send(message);
        counters.sent(length);
        return sequence;
    }

    /** Sends a control frame on the current write link. */
    void sendControl(Kind kind, long number, ByteBuffer body) {
        sender.sendControl(kind, number, body);
    }

    /** Sends a control frame with a text body, ignoring failure: for messages to a peer that may be gone. */
    void sendControlQuietly(Kind kind, long number, String text) {
        sender.sendControlQuietly(kind, number, text);
    }

    boolean isReceivingThread() {
        return Thread.currentThread() == receiver;
    }

    PatchbayException broken() {
        return machine.broken();
    }


    /**
     * Waits up to {@code timeout} for messages and hands up to {@code limit} of them to {@code handler}, in order.
     * Control frames that arrive meanwhile are handled here.
     *
     * @return how many application messages were handled
     */
    public int receive(ChannelHandler handler, int limit, Duration timeout) {
        receiver = Thread.currentThread();
        applicationReceiving = true;
        lastReceiveNanos = System.nanoTime();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // An agent holds the lock only for one non-blocking read.
            readLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            applicationReceiving = false;
            throw new LinkInterruptedException("interrupted while waiting to receive from channel " + name);
        }
        try {
            int early = parked.deliver(handler, limit);
            if (early > 0) {
                return early;
            }
            return receiveFromLink(handler, limit, deadline);
        } finally {
            lastReceiveNanos = System.nanoTime();
            applicationReceiving = false;
            readLock.unlock();
        }
    }

    private int receiveFromLink(ChannelHandler handler, int limit, long deadline) {
        FrameReader frames = frameReader(handler);
        try {
            return readFrames(frames, limit, deadline);
        } finally {
            frames.handler = null;
        }
    }

    private int readFrames(FrameReader frames, int limit, long deadline) {
        while (true) {
            PatchbayException broken = machine.broken();
            if (broken != null) {
                throw broken;
            }
            Link link = machine.readLink();
            try {
                link.receive(frames, limit, Math.max(0, deadline - System.nanoTime()));
            } catch (LinkInterruptedException e) {
                // The caller's interrupt: the channel stays as it was, nothing half-read.
                throw e;
            } catch (PatchbayException e) {
                if (!recoverRead(link, e)) {
                    throw fail(e);
                }
            }
            if (frames.handled > 0 || System.nanoTime() - deadline >= 0) {
                return frames.handled;
            }
        }
    }

    /**
     * For a host's agent: if no application thread is receiving, reads what has arrived without waiting, handles
     * the control frames (so a migration proceeds while the application is elsewhere) and keeps application
     * messages for its next {@link #receive}.
     *
     * @return how many frames were read (0 if there was nothing, or someone else is reading)
     */
    public int serviceIdle() {
        if (applicationReceiving || machine.state().ended() || machine.broken() != null || !readLock.tryLock()) {
            return 0;
        }
        try {
            if (parked.full()) {
                return 0;
            }
            Link link = machine.readLink();
            FrameReader frames = frameReader(keep);
            try {
                return link.receive(frames, 64, 0L);
            } catch (LinkInterruptedException e) {
                return 0;
            } catch (PatchbayException e) {
                if (!recoverRead(link, e)) {
                    fail(e);
                }
                return 1;
            } finally {
                frames.handler = null;
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * For a host's agent: the descriptor that poll(2) reports readable when this channel's link has something new
     * ({@link Link#readinessFd()}), while no migration is under way; empty otherwise, or if the link has none. Valid
     * for waiting only after {@link #serviceIdle} returned 0.
     */
    public OptionalInt idleReadinessFd() {
        return machine.settled() ? machine.readLink().readinessFd() : OptionalInt.empty();
    }

    /**
     * For a host's agent: the futex word that changes when this channel's link has something new
     * ({@link Link#readinessWord()}), while no migration is under way; empty otherwise, or if the link has none.
     */
    public Optional<ReadinessWord> idleReadinessWord() {
        return machine.settled() ? machine.readLink().readinessWord() : Optional.empty();
    }

    /** True if the application has not been inside {@link #receive} for at least {@code nanos}. */
    public boolean unattendedFor(long nanos) {
        return unattendedFor(nanos, System.nanoTime());
    }

    /** {@link #unattendedFor(long)} as of {@code now} ({@link System#nanoTime}), read once for many channels. */
    public boolean unattendedFor(long nanos, long now) {
        return !applicationReceiving && now - lastReceiveNanos >= nanos;
    }

    /**
     * The frames of one read, for whoever holds {@link #readLock}: one object per channel, where a lambda and a
     * counter per read were garbage on the data path.
     */
    private final class FrameReader implements MessageHandler {
        /** The handler of the read under way; null between reads. */
        private ChannelHandler handler;
        /** Application messages handed to it so far. */
        private int handled;

        @Override
        public void onMessage(ByteBuffer frame) {
            if (onFrame(frame, handler)) {
                handled++;
            }
        }
    }

    /** The channel's reader for a read into {@code handler}; a new one for a read inside a handler of another. */
    private FrameReader frameReader(ChannelHandler handler) {
        FrameReader frames = frameReader.handler == null ? frameReader : new FrameReader();
        frames.handler = handler;
        frames.handled = 0;
        return frames;
    }

    /** Handles one frame; true if it was an application message, handed to {@code handler}. */
    private boolean onFrame(ByteBuffer frame, ChannelHandler handler) {
        if (frame.remaining() < ChannelFrame.HEADER_LENGTH) {
            throw new ChannelException("channel " + name + " received a frame of " + frame.remaining()
                    + " bytes on " + machine.readLink().address() + ", shorter than the " + ChannelFrame.HEADER_LENGTH
                    + "-byte channel frame header");
        }
        Kind kind = ChannelFrame.kind(frame);
        if (kind == null) {
            throw new ChannelException("channel " + name + " received a frame of unknown kind "
                    + Byte.toUnsignedInt(frame.get(frame.position())) + " (" + frame.remaining() + " bytes) on "
                    + machine.readLink().address());
        }
        long number = ChannelFrame.number(frame);
        frame.position(frame.position() + ChannelFrame.HEADER_LENGTH);
        if (kind != Kind.DATA) {
            control.on(kind, number, frame);
            return false;
        }
        long expected = nextReceiveSequence;
        // Unsigned: a u64 from the wire past 2^63 is far ahead, not a resend to drop.
        int order = Long.compareUnsigned(number, expected);
        if (order < 0) {
            // Resent after a fallback, but it had arrived on the failed link already.
            counters.duplicateDropped();
            return false;
        }
        if (order > 0) {
            throw new ChannelException("channel " + name + " expected message " + expected + " but received "
                    + Long.toUnsignedString(number) + " on " + machine.readLink().address());
        }
        nextReceiveSequence = expected + 1;
        Migration probation = machine.onProbation();
        if (probation != null) {
            // The first message on the new link: the end of the pause this side saw.
            probation.firstMessageAt = probation.now();
            machine.firstMessageArrived();
        }
        counters.received(frame.remaining());
        handler.onMessage(number, frame);
        return true;
    }

    /** After a read failure: true if the channel carries on (a new link failed in its health window). */
    private boolean recoverRead(Link failed, PatchbayException e) {
        // Falling back, the failed new link is left for the old one; a failure of the old one is the end.
        if (machine.readOldLinkInstead(failed)) {
            return true;
        }
        if (canFallBack() && failed != machine.previousLink()) {
            fallBack("the new link failed: " + e.getMessage());
            return true;
        }
        return false;
    }

    /**
     * Moves this channel to a new link opened by {@code to} at {@code address} (make-before-break; see the class
     * comment). Blocks until the new link is committed or the channel is back on its old one.
     *
     * @return what happened; a migration that failed is reported as ABORTED or ROLLED_BACK with its reason
     * @throws MigrationException if the channel is busy with another migration, or broke in the attempt
     */
    public MigrationReport migrate(TransportRef to, Address address, MigrationOptions options) {
        CompletableFuture<MigrationReport> run =
                migrateWhen(to, address, options, CompletableFuture.completedFuture(null)).ended();
        try {
            return run.get();
        } catch (InterruptedException e) {
            // The caller gives up: the migration is cancelled (rolled back or aborted), and ends within a step.
            cancelMigration();
            Thread.currentThread().interrupt();
            return unwrapped(run);
        } catch (ExecutionException e) {
            return unwrapped(run);
        }
    }

    private static MigrationReport unwrapped(CompletableFuture<MigrationReport> run) {
        try {
            return run.join();
        } catch (CompletionException e) {
            if (Initiator.unwrap(e) instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Moves this channel as {@link #migrate} does, but returns once both sides hold the new link, and switches to it
     * once {@code go} completes: the health window and the commit (or the fallback) go on without the caller, whose
     * thread is free to move the next channel. A patch opens its channels' new links this way while its canary is in
     * its health window, and lets them switch when the canary commits; if {@code go} fails, the migration is aborted
     * before the switch (ABORTED, the old link never stopped), and the failure's message says why. {@code ended}
     * fails with a {@link PatchbayException} where {@link #migrate} would throw one.
     */
    public MigrationUnderWay migrateWhen(TransportRef to, Address address, MigrationOptions options,
                                        CompletableFuture<?> go) {
        if (Thread.currentThread() == receiver) {
            throw new IllegalStateException("migrate() was called on the thread that receives from channel " + name
                    + "; it needs that thread to read the peer's answers");
        }
        Migration m = machine.begin(to, address + " (" + to.module().label() + ")", name);
        events.migrationStarted(this);
        CompletableFuture<Void> switched = new CompletableFuture<>();
        CompletableFuture<MigrationReport> run;
        try {
            run = new Initiator(this, machine, effects, m, to, address, options).start(go, switched);
        } catch (RuntimeException e) {
            switched.complete(null);
            run = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<MigrationReport> ended = run.handle((report, e) -> {
            if (e != null) {
                // Whichever step saw it first (a write to a link that the peer's death had closed, say), a channel
                // that ended under the migration is reported by why it ended.
                Throwable cause = Initiator.unwrap(e);
                PatchbayException broke = cause instanceof PatchbayException ? brokenDuring(m) : null;
                throw new CompletionException(broke != null ? broke : cause);
            }
            events.migrationEnded(this, report, to);
            return report;
        });
        return new MigrationUnderWay(switched, ended);
    }

    /**
     * Cancels a migration under way, at once even if it waits in a call into a module: before the switch it is
     * aborted (refused, on the peer side), after it the channel falls back.
     */
    public void cancelMigration() {
        effects.perform(machine.cancel());
    }

    /**
     * What {@link #migrate} throws when the channel ended under migration {@code m}, or null if it did not: a peer
     * that closed or died is reported as such, in its own category, whichever step was waiting at the time.
     */
    PatchbayException brokenDuring(Migration m) {
        PatchbayException cause = machine.broken();
        if (cause instanceof PeerClosedException) {
            return new PeerClosedException("channel " + name + " ended: the peer closed the channel or died during"
                    + " the migration to " + m.to + " (" + cause.getMessage() + ")", cause);
        }
        return cause;
    }

    /** Receiving thread: the peer's HELLO. A version this side does not speak ends the channel, on both sides. */
    void onHello(ByteBuffer body) {
        ChannelHello.Peer peer = ChannelHello.read(body);
        String mismatch = ChannelHello.mismatch(peer);
        if (mismatch != null) {
            sendControlQuietly(Kind.REFUSE, 0, "channel protocol " + ChannelHello.version() + " refuses "
                    + peer.version() + ": " + mismatch);
            throw new ChannelException("channel " + name + " closed: " + mismatch);
        }
        peerProtocol = peer;
    }

    /** The channel protocol the peer said it speaks in its HELLO, or "1.0" if it sent none (yet). */
    public String peerProtocol() {
        ChannelHello.Peer peer = peerProtocol;
        return peer == null ? "1.0" : peer.version();
    }

    /** True if the channel is falling back and {@code link} is not the old link it falls back to. */
    boolean fallingBackFrom(Link link) {
        return machine.fallingBackFrom(link);
    }

    /** True while a new link is on probation and what it carried can still be resent. */
    boolean canFallBack() {
        return machine.onTrial() && sender.canResend();
    }

    /** True when more was sent on the new link than can be resent: it has to be trusted now. */
    boolean retentionOverflowed() {
        return sender.copiesOverflowed();
    }

    /** The new link failed in its health window: back to the old link (see {@link MigrationMachine#fallBack}). */
    void fallBack(String reason) {
        effects.perform(machine.fallBack(reason));
    }

    /** The next message this side expects from the peer: where a fallback tells the peer to resend from. */
    long nextReceiveSequence() {
        return nextReceiveSequence;
    }

    /** Waits until a fallback has finished (the channel is back on its old link). */
    void awaitFallBack(Migration m, Duration timeout) {
        try {
            m.fellBack.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            PatchbayException ended = brokenDuring(m);
            if (ended != null) {
                throw ended;
            }
            if (isClosed()) {
                throw new LinkClosedException("channel " + name + " was closed while it fell back");
            }
            throw fail(new MigrationException("channel " + name + " could not fall back to its old link within "
                    + timeout.toMillis() + " ms: " + m.failed.getNow("timeout")));
        }
    }

    /** The channel is broken: close everything, wake senders, and return the cause to throw. */
    PatchbayException fail(PatchbayException cause) {
        boolean first = machine.breakWith(cause);
        close();
        // A peer that left, or a link this side closed, is an ordinary end; anything else is a failure that must not
        // pass unseen.
        if (first && !(cause instanceof PeerClosedException) && !(cause instanceof LinkClosedException)) {
            machine.markFailed();
            LOG.error("channel {} on {} failed: {}", name, link().address(), cause.getMessage());
        }
        // Every thread reports why the channel ended, not what it met after: a reader that finds the link closed
        // because a sender saw the peer die says the peer died.
        PatchbayException why = machine.broken();
        return why != null ? why : cause;
    }

    /** Why the channel ended, if a failure or the peer's leaving ended it; null while open or after a plain close. */
    public PatchbayException failure() {
        return machine.broken();
    }


    ModuleResolver resolver() {
        return resolver;
    }

    ChannelEvents events() {
        return events;
    }

    Executor background() {
        return background;
    }

    LinkOptions linkOptions() {
        return linkOptions;
    }

    MigrationOptions migrationOptions() {
        return migrationOptions;
    }

    public String name() {
        return name;
    }

    /** Where the channel is; anything but OPEN, CLOSED and FAILED means a migration is under way. */
    public ChannelState state() {
        return machine.state();
    }

    /**
     * True while both sides hold a new link this side has not switched to yet: the next step comes from the
     * initiating side in its own time (for a patch, when its canary commits), not in a millisecond.
     */
    public boolean awaitingSwitch() {
        return machine.awaitingSwitch();
    }

    /** The link the channel writes to now. */
    public Link link() {
        return machine.active().link();
    }

    /** The transport and module generation of the link the channel writes to now. */
    public TransportRef transport() {
        return machine.active().transport();
    }

    /** Every module generation the channel holds a link from (the old one too, during a migration). */
    public List<TransportRef> transportsInUse() {
        return machine.transportsInUse();
    }

    /** Messages and bytes each way, duplicates dropped, migrations committed. */
    public ChannelCounters counters() {
        return counters;
    }

    /** True once the channel was closed, by its owner or because it broke. */
    boolean isClosed() {
        return machine.state().ended();
    }

    public boolean isOpen() {
        return !machine.state().ended() && link().isOpen();
    }

    /** Closes every link the channel holds. Harmless to call more than once. */
    @Override
    public void close() {
        effects.perform(machine.close());
    }

    @Override
    public String toString() {
        return "Channel[" + name + " on " + machine.active() + ", " + machine.state() + "]";
    }
}
