package dev.patchbay.host;

import dev.patchbay.host.module.JarModule;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.ModuleLoader;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleTrust;
import dev.patchbay.host.module.NativePlatform;
import dev.patchbay.host.natives.NativeModule;

import java.nio.file.Path;
import java.util.Map;

/**
 * The kinds of module file a host loads, each with its loader: jar plugins through PF4J and native libraries
 * through JNA. They meet here, above both, so that {@code module} (which native modules build on) need not know
 * {@code natives}.
 */
public final class ModuleKinds {
    /** Loaders by file extension; one for each of {@link ModuleFiles#MODULE_EXTENSIONS}. */
    public static final Map<String, ModuleLoader> LOADERS = Map.of("jar", JarModule::load,
            NativePlatform.current().libraryExtension(), NativeModule::load);

    static {
        if (!LOADERS.keySet().equals(ModuleFiles.MODULE_EXTENSIONS)) {
            throw new IllegalStateException("module files " + ModuleFiles.MODULE_EXTENSIONS + " but loaders for "
                    + LOADERS.keySet());
        }
    }

    private ModuleKinds() {
    }

    /** A registry for {@code pluginsDir} with the built-in and the user's trust lists. */
    public static ModuleRegistry open(Path pluginsDir) {
        return open(pluginsDir, ModuleTrust.standard());
    }

    /** A registry for {@code pluginsDir} that loads only the module files {@code trust} allows. */
    public static ModuleRegistry open(Path pluginsDir, ModuleTrust trust) {
        return ModuleRegistry.open(pluginsDir, trust, LOADERS);
    }
}
