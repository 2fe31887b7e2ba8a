package dev.patchbay.host.natives;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.ReadinessWord;
import dev.patchbay.api.TransportIoException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A link of an isolated native module: the host's end of the nshm rings its helper relays the module's link onto,
 * moved by {@link RingLink} like any shared-ring link. It differs in what it says when the helper dies: the ring's
 * peer check reports its peer gone within 100 ms, and this link names the module and the signal instead.
 */
final class IsolatedLink implements Link {
    /** How long the JVM may take to reap a helper the ring already saw die, so that its signal can be named. */
    private static final Duration REAP_WAIT = Duration.ofSeconds(1);

    private final Link rings;
    private final Address address;
    private final IsolationHelper helper;
    private final String ringAddress;

    private IsolatedLink(Link rings, Address address, IsolationHelper helper, String ringAddress) {
        this.rings = rings;
        this.address = address;
        this.helper = helper;
        this.ringAddress = ringAddress;
    }

    /** Connects to the rings at {@code ringAddress}, which the helper listens on for the module's new link. */
    static IsolatedLink open(IsolationHelper helper, String ringAddress, Address address, LinkOptions options) {
        Link rings = RingLibrary.transport().connect(Address.parse(ringAddress),
                options.withOpenTimeout(Duration.ofSeconds(5)));
        return new IsolatedLink(rings, address, helper, ringAddress);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public void send(ByteBuffer message) {
        try {
            rings.send(message);
        } catch (PeerClosedException | TransportIoException e) {
            throw why(e);
        }
    }

    @Override
    public void send(ByteBuffer header, ByteBuffer payload) {
        try {
            rings.send(header, payload);
        } catch (PeerClosedException | TransportIoException e) {
            throw why(e);
        }
    }

    @Override
    public int offer(ByteBuffer header, ByteBuffer payload) {
        try {
            return rings.offer(header, payload);
        } catch (PeerClosedException | TransportIoException e) {
            throw why(e);
        }
    }

    @Override
    public int receive(MessageHandler handler, int limit, long timeoutNanos) {
        try {
            return rings.receive(handler, limit, timeoutNanos);
        } catch (PeerClosedException | TransportIoException e) {
            throw why(e);
        }
    }

    @Override
    public OptionalInt readinessFd() {
        return rings.readinessFd();
    }

    @Override
    public Optional<ReadinessWord> readinessWord() {
        return rings.readinessWord();
    }

    @Override
    public boolean isOpen() {
        return rings.isOpen();
    }

    @Override
    public void close() {
        rings.close();
    }

    /**
     * The helper's death, if that is what ended the rings; what the module said, if it broke the link (the ring can
     * only say "closed"); otherwise what the rings said.
     */
    private PatchbayException why(PatchbayException e) {
        if (helper.death().isEmpty() && !terminated(helper.pid())) {
            if (!(e instanceof PeerClosedException)) {
                return e;
            }
            try {
                return helper.breakage(ringAddress).orElse(e);
            } catch (PatchbayException helperGone) {
                // It died after it closed the ring: the death is what the user needs to hear.
            }
        }
        return helper.deathWithin(REAP_WAIT)
                .<PatchbayException>map(death -> new PeerClosedException(death + "; link " + address + " is closed"))
                .orElse(e);
    }

    /** Gone, or a zombie the JVM has not reaped yet: /proc says so before {@link Process#onExit} does. */
    private static boolean terminated(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) == 'Z' || stat.charAt(end + 2) == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "IsolatedLink[" + address + " via helper " + helper.pid() + "]";
    }
}
