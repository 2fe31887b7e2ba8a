package dev.patchbay.transport.fifo;

import dev.patchbay.api.Address;
import dev.patchbay.api.Availability;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.RuntimeFolders;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.posix.Stat;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.Ownership;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files behind one fifo address. */
record FifoPaths(Address address, Path base, Path clientToServer, Path serverToClient, Path owner) {
    static final Availability AVAILABILITY = checkAvailability();

    static FifoPaths of(Address address) {
        Path base = address.pathUnder(RuntimeFolders.folder("fifo"));
        return new FifoPaths(address, base, sibling(base, ".c2s"), sibling(base, ".s2c"),
                sibling(base, OwnerFile.SUFFIX));
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    /**
     * Refuses an opened end unless it is a fifo of this user's that nobody else may open, asked of the descriptor
     * (so nothing can be swapped in after the check), before a byte goes through it.
     */
    static void requireOwn(int fd, Path path) {
        Ownership.Status status;
        try {
            status = Ownership.requireOwn(fd, "fifo " + path);
        } catch (NotOwnedException e) {
            throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, e.getMessage(), e);
        }
        if (status.type() != Stat.S_IFIFO) {
            throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, path + " is not a fifo (st_mode 0"
                    + Integer.toOctalString(status.mode()) + "); something else took its name: remove it, or use"
                    + " another name");
        }
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
            RuntimeFolders.folder("fifo");
            return Availability.AVAILABLE;
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("no usable runtime folder for fifos: " + e.getMessage());
        }
    }
}
