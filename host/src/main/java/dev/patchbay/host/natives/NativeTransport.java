package dev.patchbay.host.natives;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.Transport;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A native library seen as a {@link Transport}. The library's own messages become the exceptions of the plugin
 * API; links use the module's shared rings where it offers them (unless the address says {@code datapath=calls}),
 * and its send and receive functions otherwise.
 *
 * <p>An address with {@code isolate=process} runs the module in a helper process instead ({@link IsolationHelper},
 * one per generation, started at the first such address): a crash there kills the helper, not the host. The
 * default is {@code isolate=none}, in this process: isolation costs a process per module and one more copy per
 * message each way, and most modules are trusted code that has been tried (docs/PLUGIN-GUIDE.md).
 */
public final class NativeTransport implements Transport {
    /** Address parameter that chooses how messages move: {@code rings} (default where offered) or {@code calls}. */
    public static final String DATAPATH = "datapath";
    /** Address parameter that chooses where the module runs: {@code none} (default, here) or {@code process}. */
    public static final String ISOLATE = "isolate";
    /** The record area of each ring between the host and an isolated module's helper (an nshm size). */
    static final String RING_SIZE = "256k";

    private final LoadedLibrary library;
    private final NativeInfo info;
    /** The library's private copy, which a helper loads; null where isolation is not offered (the ring library). */
    private final Path copy;
    private final Consumer<String> onHelperDeath;
    private IsolationHelper helper;
    private boolean closed;

    NativeTransport(LoadedLibrary library, Path copy, Consumer<String> onHelperDeath) {
        this.library = library;
        this.info = library.info();
        this.copy = copy;
        this.onHelperDeath = onHelperDeath;
    }

    @Override
    public String scheme() {
        return info.scheme();
    }

    @Override
    public Capabilities capabilities() {
        return info.toCapabilities();
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        LinkOptions effective = check(address, options);
        if (isolated(address)) {
            return IsolatedAcceptor.listen(helper(), address, effective);
        }
        // Entered until the new object is adopted: the library must not go away in between.
        library.enter();
        try {
            long handle = open(address, "pb_listen", out ->
                    library.abi().listen(address.toString(), effective.maxMessageSize(), out));
            NativeAcceptor acceptor = new NativeAcceptor(this, handle, address, effective);
            acceptor.adopted();
            return acceptor;
        } finally {
            library.leave();
        }
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        LinkOptions effective = check(address, options);
        if (isolated(address)) {
            IsolationHelper running = helper();
            String rings = running.request("connect " + effective.maxMessageSize() + " "
                    + effective.openTimeout().toNanos() + " " + RING_SIZE + " " + address,
                    effective.openTimeout().plus(IsolationHelper.ANSWER_SLACK));
            return IsolatedLink.open(running, rings.strip(), address, effective);
        }
        library.enter();
        try {
            long handle = open(address, "pb_connect", out -> library.abi().connect(address.toString(),
                    effective.maxMessageSize(), effective.openTimeout().toNanos(), out));
            return link(handle, address, effective);
        } finally {
            library.leave();
        }
    }

    private LinkOptions check(Address address, LinkOptions options) {
        if (!address.scheme().equals(info.scheme())) {
            throw new AddressException(address + " is not a " + info.scheme() + ": address");
        }
        String datapath = address.param(DATAPATH, "rings");
        if (!datapath.equals("rings") && !datapath.equals("calls")) {
            throw new AddressException(address + ": " + DATAPATH + "='" + datapath + "' is neither rings nor calls");
        }
        String isolate = address.param(ISOLATE, "none");
        if (!isolate.equals("none") && !isolate.equals("process")) {
            throw new AddressException(address + ": " + ISOLATE + "='" + isolate + "' is neither none nor process");
        }
        if (isolate.equals("process") && copy == null) {
            throw new AddressException(address + ": " + library.fileName() + " cannot be isolated");
        }
        if (isolate.equals("process") && address.toString().chars().anyMatch(c -> c <= ' ')) {
            // The helper takes requests a line each, words separated by spaces.
            throw new AddressException(address + ": an address with spaces or control characters cannot be isolated");
        }
        return options.forAddress(address);
    }

    private static boolean isolated(Address address) {
        return address.param(ISOLATE, "none").equals("process");
    }

    /** The helper of this generation, started at the first isolated address. */
    private synchronized IsolationHelper helper() {
        if (closed) {
            throw new LinkClosedException(library.fileName() + " is being unloaded; open a link through a newer"
                    + " generation");
        }
        if (helper == null) {
            helper = IsolationHelper.start(copy, library.fileName(), onHelperDeath);
        }
        return helper;
    }

    /** Ends the helper, if one runs: its links die with it. */
    void closeIsolation() {
        IsolationHelper running;
        synchronized (this) {
            closed = true;
            running = helper;
        }
        if (running != null) {
            running.close();
        }
    }

    /** A C call that makes an object through an out-parameter. */
    @FunctionalInterface
    private interface Opener {
        int open(long out);
    }

    private long open(Address address, String function, Opener opener) {
        try (Memory out = new Memory(8)) {
            out.setLong(0, 0);
            int code = opener.open(Pointer.nativeValue(out));
            if (code < 0) {
                throw NativeErrors.toException(code, library.abi(), library.fileName() + ": " + function + "("
                        + address + ")");
            }
            return out.getLong(0);
        }
    }

    /**
     * Wraps a link handle the module returned, and frees it if that fails. Call while the library is held (an
     * open counted by {@link LoadedLibrary#enter}, or a call on a live acceptor).
     */
    Link link(long handle, Address address, LinkOptions options) {
        NativeLink link;
        try {
            link = makeLink(handle, address, options.maxMessageSize());
        } catch (PatchbayException | Error e) {
            library.abi().close(handle);
            throw e;
        }
        link.adopted();
        return link;
    }

    private NativeLink makeLink(long handle, Address address, int maxMessage) {
        if (info.has(NativeAbi.PB_CAP_SHARED_RINGS) && !address.param(DATAPATH, "rings").equals("calls")) {
            try (Memory rings = new Memory(16)) {
                int code = library.abi().linkRings(handle, Pointer.nativeValue(rings), Pointer.nativeValue(rings) + 8);
                if (code == NativeAbi.PB_OK) {
                    return RingLink.over(library, handle, address, maxMessage, rings.getLong(0), rings.getLong(8));
                }
                if (code != NativeAbi.PB_ERR_UNSUPPORTED) {
                    throw NativeErrors.toException(code, library.abi(), library.fileName() + ": pb_link_rings("
                            + address + ")");
                }
            }
        }
        return new CallLink(library, handle, address, maxMessage);
    }

    LoadedLibrary library() {
        return library;
    }

    @Override
    public String toString() {
        return "NativeTransport[" + info.scheme() + " from " + library.fileName() + "]";
    }
}
