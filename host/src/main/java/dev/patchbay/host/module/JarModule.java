package dev.patchbay.host.module;

import dev.patchbay.api.ApiVersion;
import dev.patchbay.api.Transport;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One generation of a plugin jar, with its own PF4J manager and class loader. Unloading stops the plugin and closes
 * its class loader; once the channels using it have moved on, nothing holds its classes.
 */
public final class JarModule extends BackendModule {
    private static final Logger LOG = LoggerFactory.getLogger(JarModule.class);
    private static final long MAX_JAR_SIZE = 256L << 20;

    private GenerationPluginManager manager;

    private JarModule(long generation, Path source, String sha256, JarDescriptor descriptor) {
        super(generation, source, sha256, descriptor.id(), descriptor.version(), descriptor.apiVersion().toString());
    }

    /** The loader for {@code .jar} files (see {@link ModuleLoader}). */
    public static BackendModule load(long generation, Path jar, Path source, Path privateDir, ApiVersion hostApi) {
        byte[] bytes;
        try {
            long size = Files.size(jar);
            if (size > MAX_JAR_SIZE) {
                return new FailedModule(generation, source, "", "jar", jar.getFileName() + " is " + size
                        + " bytes; plugin jars are limited to " + MAX_JAR_SIZE + " bytes");
            }
            bytes = ModuleFiles.read(jar);
        } catch (IOException e) {
            return new FailedModule(generation, source, "", "jar", "cannot read " + jar + ": " + e.getMessage());
        }
        String sha = ModuleFiles.sha256(bytes);
        JarDescriptor descriptor;
        try {
            descriptor = JarDescriptor.read(source, bytes);
        } catch (ModuleException e) {
            return new FailedModule(generation, source, sha, "jar", e.getMessage());
        }
        JarModule module = new JarModule(generation, source, sha, descriptor);
        try {
            descriptor.requireCompatible(source, hostApi);
        } catch (ModuleException e) {
            module.fail(e.getMessage());
            return module;
        }
        module.start(bytes, privateDir, descriptor.id() + "-" + descriptor.version() + "-g" + generation + ".jar");
        return module;
    }

    @Override
    public String kind() {
        return "jar";
    }

    @Override
    protected List<Transport> open(Path copy) {
        manager = new GenerationPluginManager(copy.getParent());
        String pluginId = manager.loadPlugin(copy);
        PluginState started = manager.startPlugin(pluginId);
        if (started != PluginState.STARTED) {
            PluginWrapper wrapper = manager.getPlugin(pluginId);
            Throwable failure = wrapper == null ? null : wrapper.getFailedException();
            fail("start failed: " + (failure == null ? "plugin state " + started : describe(failure)));
            return List.of();
        }
        List<Transport> found = manager.getExtensions(Transport.class, pluginId);
        if (found.isEmpty()) {
            fail("started but provides no Transport: META-INF/extensions.idx is missing or names no Transport class"
                    + " (was PF4J's annotation processor run?), or the jar bundles its own copy of the plugin API");
        }
        return found;
    }

    @Override
    protected synchronized void release() {
        if (manager == null) {
            return;
        }
        for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
            try {
                // One by one: PF4J 3.15.0's stopPlugins() throws ConcurrentModificationException (pf4j#656).
                manager.stopPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", plugin.getPluginId(), describe(e));
            }
            manager.unloadPlugin(plugin.getPluginId());
        }
        manager = null;
    }
}
