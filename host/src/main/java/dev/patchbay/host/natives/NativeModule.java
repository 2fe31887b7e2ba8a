package dev.patchbay.host.natives;

import dev.patchbay.api.ApiVersion;
import dev.patchbay.api.Transport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleException;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.NativePlatform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * One generation of a native module: a shared library exporting the C ABI of
 * {@code plugins/native/include/patchbay_transport.h}, loaded through JNA from its own private copy (the dynamic
 * loader caches libraries by path, so two versions need two files, and a file overwritten while loaded crashes
 * the process). The library says who it is after loading: id, version and ABI version come from
 * {@code pb_module_info()}; the listing shows the ABI version as {@code abi N} where jars show their API version.
 *
 * <p>Refused, with a message naming the file and the problem: a file that is not a shared library of this
 * platform (ELF {@code .so}, PE {@code .dll}: see {@link LibraryHeaders}), one built for another architecture, one
 * whose headers point past its end (truncated: see {@link ElfLayout}, {@link PeLayout}), one that
 * changed while it was read, one that crashes or hangs while loading in a probe process (see {@link LoadProbe}),
 * one the dynamic linker rejects (an undefined symbol), one built for another ABI version, one that lacks a
 * required function. Releasing the generation unloads the library once every link it
 * made is closed and every call into it has returned (see {@link LoadedLibrary}).
 */
public final class NativeModule extends BackendModule {
    /** The native ABI version this host speaks: {@code PB_ABI_VERSION} of patchbay_transport.h. */
    public static final int ABI_VERSION = 1;

    private static final long MAX_LIBRARY_SIZE = 256L << 20;

    private volatile LoadedLibrary library;
    private volatile Path loadedFrom;
    private volatile NativeTransport transport;

    private NativeModule(long generation, Path source, String sha256) {
        super(generation, source, sha256, source.getFileName().toString(), "?", "?");
    }

    /** The loader for this platform's native libraries (see {@link dev.patchbay.host.module.ModuleLoader}). */
    public static BackendModule load(long generation, Path file, Path source, Path privateDir, ApiVersion hostApi) {
        String fileName = source.getFileName().toString();
        byte[] bytes;
        try {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            if (before.size() > MAX_LIBRARY_SIZE) {
                return failed(generation, source, "", fileName + " is " + before.size() + " bytes; native modules"
                        + " are limited to " + MAX_LIBRARY_SIZE + " bytes");
            }
            bytes = ModuleFiles.read(file);
            // The bytes checked below are the bytes copied and loaded; they must be one version of the file.
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != bytes.length || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
                return failed(generation, source, "", fileName + " changed while it was being read (is it still"
                        + " being written?); not loaded");
            }
        } catch (IOException e) {
            return failed(generation, source, "", "cannot read " + file + ": " + e.getMessage());
        }
        String sha = ModuleFiles.sha256(bytes);
        Optional<String> problem = LibraryHeaders.problem(NativePlatform.current(), fileName, bytes);
        if (problem.isPresent()) {
            return failed(generation, source, sha, problem.get());
        }
        NativeModule module = new NativeModule(generation, source, sha);
        module.start(bytes, privateDir, stem(source) + "-g" + generation + "." + ModuleFiles.extension(source));
        return module;
    }

    private static NativeModule failed(long generation, Path source, String sha, String why) {
        NativeModule module = new NativeModule(generation, source, sha);
        module.fail(why);
        return module;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    @Override
    public String kind() {
        return "native";
    }

    @Override
    protected List<Transport> open(Path copy) {
        String fileName = source().getFileName().toString();
        Optional<String> problem = LoadProbe.problem(copy, fileName, copy.getParent());
        if (problem.isPresent()) {
            throw new ModuleException(problem.get());
        }
        LoadedLibrary loaded = LoadedLibrary.open(copy, fileName, ABI_VERSION);
        loaded.onHung(this::abandonHung);
        library = loaded;
        loadedFrom = copy;
        NativeInfo info = loaded.info();
        identify(info.id(), info.version(), "abi " + info.abiVersion());
        NativeTransport made = new NativeTransport(loaded, copy, this::abandonCrashed);
        transport = made;
        return List.of(made);
    }

    @Override
    protected void release() {
        NativeTransport made = transport;
        transport = null;
        if (made != null) {
            made.closeIsolation();
        }
        LoadedLibrary loaded = library;
        library = null;
        if (loaded != null) {
            loaded.close();
        }
    }

    /** The private copy this generation's library was loaded from (it shows in /proc/self/maps while loaded). */
    public Optional<Path> loadedFrom() {
        return Optional.ofNullable(loadedFrom);
    }
}
