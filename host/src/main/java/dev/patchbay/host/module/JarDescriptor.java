package dev.patchbay.host.module;

import dev.patchbay.api.ApiVersion;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * What a plugin jar says about itself in {@code META-INF/MANIFEST.MF}, checked before PF4J sees the jar so that a
 * bad descriptor or a wrong API version is refused with a message a user can act on.
 *
 * @param id         {@code Plugin-Id}
 * @param version    {@code Plugin-Version}
 * @param apiVersion {@code Patchbay-Api-Version}
 */
record JarDescriptor(String id, String version, ApiVersion apiVersion) {

    /**
     * Reads the descriptor of a jar held in memory.
     *
     * @throws ModuleException naming the file and what is wrong
     */
    static JarDescriptor read(Path file, byte[] jar) {
        if (jar.length < 4 || jar[0] != 'P' || jar[1] != 'K' || jar[2] != 3 || jar[3] != 4) {
            throw new ModuleException(file.getFileName() + " is not a jar file (no zip signature at its start)");
        }
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
        } catch (IOException e) {
            throw new ModuleException(file.getFileName() + " is not a readable jar: " + e.getMessage());
        }
        if (manifest == null) {
            throw new ModuleException(file.getFileName() + " has no META-INF/MANIFEST.MF; a plugin jar needs one"
                    + " with Plugin-Id, Plugin-Version and " + ApiVersion.MANIFEST_ATTRIBUTE);
        }
        Attributes main = manifest.getMainAttributes();
        String id = required(file, main, "Plugin-Id");
        String version = required(file, main, "Plugin-Version");
        String api = required(file, main, ApiVersion.MANIFEST_ATTRIBUTE);
        ApiVersion apiVersion;
        try {
            apiVersion = ApiVersion.parse(api);
        } catch (IllegalArgumentException e) {
            throw new ModuleException(file.getFileName() + ": " + ApiVersion.MANIFEST_ATTRIBUTE + " " + e.getMessage());
        }
        return new JarDescriptor(id, version, apiVersion);
    }

    /**
     * Checks that a host with API {@code host} can run this plugin.
     *
     * @throws ModuleException naming the file, both versions and what to do
     */
    void requireCompatible(Path file, ApiVersion host) {
        if (!host.accepts(apiVersion)) {
            throw new ModuleException(file.getFileName() + " (" + id + "@" + version + ") was built for plugin API "
                    + apiVersion + "; this host accepts " + host.acceptedRange() + ". Rebuild the plugin against"
                    + " API " + host);
        }
    }

    private static String required(Path file, Attributes attributes, String name) {
        String value = attributes.getValue(name);
        if (value == null || value.isBlank()) {
            throw new ModuleException(file.getFileName() + " has no " + name + " in META-INF/MANIFEST.MF");
        }
        return value.trim();
    }
}
