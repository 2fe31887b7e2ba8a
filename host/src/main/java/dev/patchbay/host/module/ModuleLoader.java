package dev.patchbay.host.module;

import dev.patchbay.api.ApiVersion;

import java.nio.file.Path;

/** Makes a module generation from a file of one kind (by file extension). Never throws for a bad file. */
@FunctionalInterface
public interface ModuleLoader {
    /**
     * @param generation the generation number to give it
     * @param file       the file to load
     * @param source     where the module came from, for listings (the file itself, or the file a kept copy was
     *                   made of)
     * @param privateDir where its private copy goes
     * @param hostApi    the plugin API version of this host
     * @return the new generation, STARTED or FAILED with its cause
     */
    BackendModule load(long generation, Path file, Path source, Path privateDir, ApiVersion hostApi);
}
