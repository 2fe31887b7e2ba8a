package dev.patchbay.host.module;

import org.pf4j.DefaultPluginFactory;
import org.pf4j.JarPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

import java.nio.file.Path;

/**
 * The PF4J manager of one module generation. PF4J allows one plugin per id in a manager, so each generation gets its
 * own; this also keeps each generation's extensions apart.
 */
final class GenerationPluginManager extends JarPluginManager {

    GenerationPluginManager(Path root) {
        super(root);
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new DefaultPluginFactory() {
            @Override
            public Plugin create(PluginWrapper wrapper) {
                // PF4J's factory returns null on failure, which surfaces later as a bare NullPointerException.
                Plugin plugin = super.create(wrapper);
                if (plugin == null) {
                    throw new PluginRuntimeException("Plugin-Class '" + wrapper.getDescriptor().getPluginClass()
                            + "' cannot be loaded, is not a subclass of org.pf4j.Plugin, or its constructor failed");
                }
                return plugin;
            }
        };
    }
}
