package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.LinkOptions;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
    private volatile boolean applicationReceiving;
    private volatile Link readLink;
    private volatile long nextReceiveSequence;
    private volatile Thread receiver;
    private volatile long lastReceiveNanos = System.nanoTime();

    // Migration state, guarded by this. Lock order: the sender's lock may be held when taking this, never the reverse.
    private volatile ChannelState state = ChannelState.OPEN;
    private volatile Leg active;
    private Leg previous;
    private Leg pending;
    private Migration migration;
    private long migrationIds;
    private volatile PatchbayException broken;
    private volatile ChannelHello.Peer peerProtocol;
    /** The migration whose new link has carried no message yet (set at the switch, cleared by the first). */
    private volatile Migration onProbation;

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
        this.active = new Leg(link, transport);
        this.sender = new ChannelSender(this, link, migrationOptions);
        this.readLink = link;
        this.control = new ControlHandler(this);
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
        return broken;
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
        int[] handled = {0};
        while (true) {
            if (broken != null) {
                throw broken;
            }
            Link link = readLink;
            try {
                link.receive(frame -> onFrame(frame, handler, handled), limit,
                        Math.max(0, deadline - System.nanoTime()));
            } catch (LinkInterruptedException e) {
                // The caller's interrupt: the channel stays as it was, nothing half-read.
                throw e;
            } catch (PatchbayException e) {
                if (!recoverRead(link, e)) {
                    throw fail(e);
                }
            }
            if (handled[0] > 0 || System.nanoTime() - deadline >= 0) {
                return handled[0];
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
        if (applicationReceiving || state.ended() || broken != null || !readLock.tryLock()) {
            return 0;
        }
        try {
            if (parked.full()) {
                return 0;
            }
            Link link = readLink;
            int[] frames = {0};
            ChannelHandler keep = (sequence, message) -> parked.park(sequence, message);
            try {
                frames[0] = link.receive(frame -> onFrame(frame, keep, frames), 64, 0L);
            } catch (LinkInterruptedException e) {
                return 0;
            } catch (PatchbayException e) {
                if (!recoverRead(link, e)) {
                    fail(e);
                }
                return 1;
            }
            return frames[0];
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
        return settled() ? readLink.readinessFd() : OptionalInt.empty();
    }

    /**
     * For a host's agent: the futex word that changes when this channel's link has something new
     * ({@link Link#readinessWord()}), while no migration is under way; empty otherwise, or if the link has none.
     */
    public Optional<ReadinessWord> idleReadinessWord() {
        return settled() ? readLink.readinessWord() : Optional.empty();
    }

    /** Open on one link, with no migration under way: its link is the one an agent may wait on. */
    private boolean settled() {
        return !state.inTransition() && !state.ended() && broken == null;
    }

    /** True if the application has not been inside {@link #receive} for at least {@code nanos}. */
    public boolean unattendedFor(long nanos) {
        return !applicationReceiving && System.nanoTime() - lastReceiveNanos >= nanos;
    }

    private void onFrame(ByteBuffer frame, ChannelHandler handler, int[] handled) {
        if (frame.remaining() < ChannelFrame.HEADER_LENGTH) {
            throw new ChannelException("channel " + name + " received a frame of " + frame.remaining()
                    + " bytes on " + readLink.address() + ", shorter than the " + ChannelFrame.HEADER_LENGTH
                    + "-byte channel frame header");
        }
        Kind kind = ChannelFrame.kind(frame);
        if (kind == null) {
            throw new ChannelException("channel " + name + " received a frame of unknown kind "
                    + Byte.toUnsignedInt(frame.get(frame.position())) + " (" + frame.remaining() + " bytes) on "
                    + readLink.address());
        }
        long number = ChannelFrame.number(frame);
        frame.position(frame.position() + ChannelFrame.HEADER_LENGTH);
        if (kind != Kind.DATA) {
            control.on(kind, number, frame);
            return;
        }
        long expected = nextReceiveSequence;
        // Unsigned: a u64 from the wire past 2^63 is far ahead, not a resend to drop.
        int order = Long.compareUnsigned(number, expected);
        if (order < 0) {
            // Resent after a fallback, but it had arrived on the failed link already.
            counters.duplicateDropped();
            return;
        }
        if (order > 0) {
            throw new ChannelException("channel " + name + " expected message " + expected + " but received "
                    + Long.toUnsignedString(number) + " on " + readLink.address());
        }
        nextReceiveSequence = expected + 1;
        Migration probation = onProbation;
        if (probation != null) {
            // The first message on the new link: the end of the pause this side saw.
            probation.firstMessageAt = probation.now();
            onProbation = null;
        }
        counters.received(frame.remaining());
        handler.onMessage(number, frame);
        handled[0]++;
    }

    /** After a read failure: true if the channel carries on (a new link failed in its health window). */
    private boolean recoverRead(Link failed, PatchbayException e) {
        synchronized (this) {
            // Falling back, the failed new link is left for the old one; a failure of the old one is the end.
            if (state == ChannelState.FALLING_BACK && previous != null && failed != previous.link()) {
                readLink = previous.link();
                return true;
            }
        }
        if (canFallBack() && failed != previous()) {
            fallBack("the new link failed: " + e.getMessage());
            return true;
        }
        return false;
    }

    private synchronized Link previous() {
        return previous == null ? null : previous.link();
    }


    /**
     * Moves this channel to a new link opened by {@code to} at {@code address} (make-before-break; see the class
     * comment). Blocks until the new link is committed or the channel is back on its old one.
     *
     * @return what happened; a migration that failed is reported as ABORTED or ROLLED_BACK with its reason
     * @throws MigrationException if the channel is busy with another migration, or broke in the attempt
     */
    public MigrationReport migrate(TransportRef to, Address address, MigrationOptions options) {
        if (Thread.currentThread() == receiver) {
            throw new IllegalStateException("migrate() was called on the thread that receives from channel " + name
                    + "; it needs that thread to read the peer's answers");
        }
        Migration m;
        synchronized (this) {
            if (state != ChannelState.OPEN) {
                throw new MigrationException("channel " + name + " is busy: " + state);
            }
            m = new Migration(++migrationIds, true, active, address + " (" + to.module().label() + ")");
            m.target = to;
            migration = m;
            state = ChannelState.PREPARING;
        }
        events.migrationStarted(this);
        MigrationReport report;
        try {
            report = new Initiator(this, m, to, address, options).run();
        } catch (PatchbayException e) {
            // Whichever step saw it first (a write to a link that the peer's death had closed, say), a channel that
            // ended under the migration is reported by why it ended.
            PatchbayException ended = brokenDuring(m);
            throw ended != null ? ended : e;
        }
        events.migrationEnded(this, report, to);
        return report;
    }

    /**
     * Cancels a migration under way, at once even if it waits in a call into a module: before the switch it is
     * aborted (refused, on the peer side), after it the channel falls back.
     */
    public void cancelMigration() {
        Migration m;
        ChannelState s;
        synchronized (this) {
            m = migration;
            s = state;
        }
        if (m == null) {
            return;
        }
        if (s == ChannelState.PREPARING && !m.initiator) {
            cancelPeerOpening(m);
        } else if (s == ChannelState.PREPARING) {
            m.failed.complete("cancelled");
            m.interruptTransportCall();
            if (m.acceptor != null) {
                m.acceptor.close();
            }
        } else if (s == ChannelState.SWITCHING || s == ChannelState.PROBATION) {
            fallBack("cancelled");
        }
    }

    /**
     * The peer side, while its new link is still opening (READY not sent): refuse now; a link that opens later is
     * closed on arrival ({@link #holdPending}). Once READY is out the initiator leads, and a cancel here waits for it.
     */
    private void cancelPeerOpening(Migration m) {
        synchronized (this) {
            if (migration != m || pending != null) {
                return;
            }
            m.abandoned = true;
        }
        sendControlQuietly(Kind.REFUSE, m.id, "the migration was cancelled on the peer");
        endPeerMigration(m, "cancelled");
    }

    /** Initiator, before the switch: give up and keep the old link. */
    void abandon(Migration m, Leg newLeg, String reason) {
        m.abandoned = true;
        if (newLeg != null) {
            newLeg.link().close();
        }
        synchronized (this) {
            if (migration == m) {
                migration = null;
                pending = null;
                if (!state.ended()) {
                    state = ChannelState.OPEN;
                }
            }
        }
    }

    /**
     * What {@link #migrate} throws when the channel ended under migration {@code m}, or null if it did not: a peer
     * that closed or died is reported as such, in its own category, whichever step was waiting at the time.
     */
    PatchbayException brokenDuring(Migration m) {
        PatchbayException cause = broken;
        if (cause instanceof PeerClosedException) {
            return new PeerClosedException("channel " + name + " ended: the peer closed the channel or died during"
                    + " the migration to " + m.to + " (" + cause.getMessage() + ")", cause);
        }
        return cause;
    }

    /** Initiator: SWITCH on the old link is our last frame there; from now on we write to the new one. */
    void switchWriter(Migration m, Leg newLeg) {
        synchronized (this) {
            pending = newLeg;
            state = ChannelState.SWITCHING;
        }
        moveWriter(m, newLeg);
    }

    /** Moves our writing to {@code newLeg}, sending SWITCH as the last frame on the old link. */
    private void moveWriter(Migration m, Leg newLeg) {
        // The legs move first: the peer's answering SWITCH can be read before this method returns, and the
        // receiving thread must then find the new leg in place.
        synchronized (this) {
            previous = active;
            active = newLeg;
            pending = null;
        }
        sender.switchTo(newLeg.link(), m);
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

    /** Receiving thread: the peer's SWITCH arrived on the old link. */
    void onSwitch(long id) {
        Migration m;
        Leg newLeg;
        synchronized (this) {
            m = migration;
            if (m == null || m.id != id || state == ChannelState.FALLING_BACK) {
                return;
            }
            if (m.initiator) {
                readLink = active.link();
                state = ChannelState.PROBATION;
                m.switchNanos = System.nanoTime() - m.switchSentNanos;
                m.drainedAt = m.now();
                onProbation = m;
                m.peerSwitched.complete(null);
                return;
            }
            newLeg = pending;
            if (newLeg == null) {
                throw new ChannelException("channel " + name + " got SWITCH for migration " + id
                        + " but holds no new link");
            }
            readLink = newLeg.link();
            state = ChannelState.SWITCHING;
            m.drainedAt = m.now();
            onProbation = m;
        }
        moveWriter(m, newLeg);
        synchronized (this) {
            if (state == ChannelState.SWITCHING) {
                state = ChannelState.PROBATION;
            }
        }
    }

    /** Initiator: the health window passed; ask the peer to release the old link. */
    void sendCommit(Migration m) {
        sendControl(Kind.COMMIT, m.id, ByteBuffer.allocate(0));
    }

    /** Either side: the new link has proved itself; close the old one. */
    void finishCommit(Migration m) {
        Leg old;
        synchronized (this) {
            if (migration != m) {
                return;
            }
            old = previous;
            previous = null;
            migration = null;
            onProbation = null;
            state = ChannelState.OPEN;
        }
        m.committedAt = m.now();
        sender.dropCopies();
        if (old != null) {
            old.link().close();
        }
        m.releasedAt = m.now();
        counters.migrationCommitted();
    }

    /** True if the channel is falling back and {@code link} is not the old link it falls back to. */
    synchronized boolean fallingBackFrom(Link link) {
        return state == ChannelState.FALLING_BACK && previous != null && link != previous.link();
    }

    /** True while a new link is on probation and what it carried can still be resent. */
    boolean canFallBack() {
        ChannelState s = state;
        if (s != ChannelState.SWITCHING && s != ChannelState.PROBATION) {
            return false;
        }
        return sender.canResend();
    }

    /** True when more was sent on the new link than can be resent: it has to be trusted now. */
    boolean retentionOverflowed() {
        return sender.copiesOverflowed();
    }

    /**
     * The new link failed in its health window: close it, go back to writing (and reading) the old link, and tell
     * the peer with RESUME where we got to. Sends wait until the peer's RESUME says where it got to.
     */
    void fallBack(String reason) {
        Leg failed;
        Leg old;
        Migration m;
        synchronized (this) {
            if (state != ChannelState.SWITCHING && state != ChannelState.PROBATION || previous == null) {
                return;
            }
            state = ChannelState.FALLING_BACK;
            onProbation = null;
            failed = active;
            old = previous;
            m = migration;
            readLink = old.link();
        }
        failed.link().close();
        try {
            sender.fallBackTo(old.link(), m.id, nextReceiveSequence, reason);
        } catch (PatchbayException e) {
            throw fail(e);
        }
        m.failed.complete(reason);
    }

    /** Receiving thread: the peer's RESUME — resend what it missed, then carry on on the old link. */
    void onResume(long id, long peerNext, String peerReason) {
        String fellBack = peerReason.isEmpty() ? "the peer fell back" : "the peer fell back: " + peerReason;
        if (state != ChannelState.FALLING_BACK) {
            fallBack(fellBack);
        }
        Migration m;
        Leg failed;
        synchronized (this) {
            m = migration;
            if (m == null || m.id != id || previous == null) {
                return;
            }
            failed = active;
        }
        sender.resendAndResume(peerNext);
        String reason = m.failed.getNow(fellBack);
        synchronized (this) {
            active = previous;
            previous = null;
            migration = null;
            state = ChannelState.OPEN;
        }
        m.fellBack.complete(null);
        if (!m.initiator) {
            events.migrationEnded(this, m.report(name, MigrationOutcome.ROLLED_BACK, reason), m.target);
        }
        failed.link().close();
    }

    /** Receiving thread: the peer asks us to open a new link (the peer side of a migration). */
    synchronized Migration beginPeerMigration(long id, String to) {
        if (state != ChannelState.OPEN) {
            return null;
        }
        Migration m = new Migration(id, false, active, to);
        migration = m;
        state = ChannelState.PREPARING;
        events.migrationStarted(this);
        return m;
    }

    /** Peer side: the generation the peer named is found; from now on it counts as in use. */
    synchronized void targetChosen(Migration m, TransportRef target) {
        if (migration == m) {
            m.target = target;
        }
    }

    /** Peer side: the new link is open; keep it for the SWITCH. False if the migration was abandoned meanwhile. */
    synchronized boolean holdPending(Migration m, Leg newLeg) {
        if (migration != m || m.abandoned) {
            return false;
        }
        pending = newLeg;
        m.target = newLeg.transport();
        return true;
    }

    /** Peer side: the initiator gave up (ABORT), or we could not open the new link. */
    void endPeerMigration(Migration m, String reason) {
        Leg newLeg;
        synchronized (this) {
            if (migration != m) {
                return;
            }
            m.abandoned = true;
            newLeg = pending;
            pending = null;
            migration = null;
            state = ChannelState.OPEN;
        }
        if (newLeg != null) {
            newLeg.link().close();
        }
        events.migrationEnded(this, m.report(name, MigrationOutcome.ABORTED, reason), m.target);
    }

    synchronized Migration migration() {
        return migration;
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
        boolean first;
        synchronized (this) {
            first = broken == null;
            if (first) {
                broken = cause;
            }
        }
        close();
        // A peer that left, or a link this side closed, is an ordinary end; anything else is a failure that must not
        // pass unseen.
        if (first && !(cause instanceof PeerClosedException) && !(cause instanceof LinkClosedException)) {
            synchronized (this) {
                state = ChannelState.FAILED;
            }
            LOG.error("channel {} on {} failed: {}", name, active.link().address(), cause.getMessage());
        }
        // Every thread reports why the channel ended, not what it met after: a reader that finds the link closed
        // because a sender saw the peer die says the peer died.
        PatchbayException why = broken;
        return why != null ? why : cause;
    }

    /** Why the channel ended, if a failure or the peer's leaving ended it; null while open or after a plain close. */
    public PatchbayException failure() {
        return broken;
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
        return state;
    }

    /** The link the channel writes to now. */
    public Link link() {
        return active.link();
    }

    /** The transport and module generation of the link the channel writes to now. */
    public TransportRef transport() {
        return active.transport();
    }

    /** Every module generation the channel holds a link from (the old one too, during a migration). */
    public synchronized List<TransportRef> transportsInUse() {
        List<TransportRef> refs = new ArrayList<>();
        refs.add(active.transport());
        if (previous != null) {
            refs.add(previous.transport());
        }
        if (pending != null) {
            refs.add(pending.transport());
        }
        // A migration's target is in use from the moment it is chosen: retiring it while the new link opens would
        // pull the class loader from under that open.
        Migration m = migration;
        if (m != null && m.target != null && !refs.contains(m.target)) {
            refs.add(m.target);
        }
        return refs;
    }

    /** Messages and bytes each way, duplicates dropped, migrations committed. */
    public ChannelCounters counters() {
        return counters;
    }

    /** True once the channel was closed, by its owner or because it broke. */
    boolean isClosed() {
        return state.ended();
    }

    public boolean isOpen() {
        return !state.ended() && active.link().isOpen();
    }

    /** Closes every link the channel holds. Harmless to call more than once. */
    @Override
    public void close() {
        Leg a;
        Leg p;
        Leg n;
        Migration m;
        boolean first;
        synchronized (this) {
            first = !state.ended();
            if (state != ChannelState.FAILED) {
                state = ChannelState.CLOSED;
            }
            a = active;
            p = previous;
            n = pending;
            m = migration;
        }
        if (m != null) {
            m.failed.complete("channel closed");
            m.fellBack.completeExceptionally(new LinkClosedException("channel " + name + " was closed while it"
                    + " fell back"));
            if (m.acceptor != null) {
                m.acceptor.close();
            }
        }
        for (Leg leg : new Leg[] {a, p, n}) {
            if (leg != null) {
                leg.link().close();
            }
        }
        sender.wakeAll();
        if (first) {
            events.channelClosed(this);
        }
    }

    @Override
    public String toString() {
        return "Channel[" + name + " on " + active + ", " + state + "]";
    }
}
