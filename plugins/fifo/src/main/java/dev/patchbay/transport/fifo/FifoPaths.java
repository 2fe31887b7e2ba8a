package dev.patchbay.transport.fifo;

import dev.patchbay.api.Address;
import dev.patchbay.api.Availability;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files behind one fifo address. */
record FifoPaths(Address address, Path base, Path clientToServer, Path serverToClient, Path owner) {
    static final Availability AVAILABILITY = checkAvailability();

    static FifoPaths of(Address address) {
        Path base = address.pathUnder(RuntimeDirectory.sub("fifo"));
        return new FifoPaths(address, base, sibling(base, ".c2s"), sibling(base, ".s2c"),
                sibling(base, OwnerFile.SUFFIX));
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    void removeFiles() {
        for (Path p : new Path[] {clientToServer, serverToClient, owner}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Best effort: what stays behind is found by the janitor through the owner file.
            }
        }
    }

    private static Availability checkAvailability() {
        try {
            RuntimeDirectory.sub("fifo");
            return Availability.AVAILABLE;
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("no usable runtime folder for fifos: " + e.getMessage());
        }
    }
}
