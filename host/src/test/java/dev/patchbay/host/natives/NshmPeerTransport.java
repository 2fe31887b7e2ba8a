package dev.patchbay.host.natives;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.ApiVersion;
import dev.patchbay.api.Capabilities;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.Unguarded;
import dev.patchbay.host.testing.NativeFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built nshm 1.0.0 (or the build {@value #LIBRARY} names) as a {@link Transport} with a no-argument constructor,
 * for peer JVMs, which make their transport by class name: loads the library once per JVM, without a host.
 */
public final class NshmPeerTransport implements Transport {
    /** System property naming another build of nshm to load instead of 1.0.0. */
    public static final String LIBRARY = "nshm.library";

    private static Transport loaded;

    private final Transport delegate = load();

    private static synchronized Transport load() {
        if (loaded == null) {
            try {
                Path dir = Files.createTempDirectory("nshm-peer-");
                dir.toFile().deleteOnExit();
                String chosen = System.getProperty(LIBRARY);
                Path library = chosen == null ? NativeFiles.nshm() : Path.of(chosen);
                BackendModule module = NativeModule.load(1, library, library, dir, ApiVersion.CURRENT);
                if (module.state() != ModuleState.STARTED) {
                    throw new IllegalStateException("nshm did not load: " + module.info().cause());
                }
                loaded = module.transports().get(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** The transport of the loaded library itself, not the host's guard around it. */
    Transport delegate() {
        return Unguarded.of(delegate);
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Acceptor listen(Address address, LinkOptions options) {
        return delegate.listen(address, options);
    }

    @Override
    public Link connect(Address address, LinkOptions options) {
        return delegate.connect(address, options);
    }
}
