package dev.patchbay.transport.aeron;

import dev.patchbay.api.Availability;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The folders of embedded media drivers: {@code <runtime>/aeron/driver-<pid>-<start>-<random>}. The owner's pid and
 * start time are in the name, so the folder of a process that died (and could not delete it) is told from a live
 * one and removed by the next driver that starts, or by {@code patchbay segments gc}. The random part keeps two
 * generations of this plugin in one process apart.
 */
final class DriverDirs {
    private static final Logger LOG = LoggerFactory.getLogger(DriverDirs.class);
    static final String PREFIX = "driver-";

    static final Availability AVAILABILITY = checkAvailability();

    private DriverDirs() {
    }

    /** A fresh name for this process's driver; the folder itself is made by the driver. */
    static Path newDir() {
        ProcessIdentity me = ProcessIdentity.current();
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return Rendezvous.folder().resolve(PREFIX + me.pid() + "-" + me.startTime() + "-"
                + HexFormat.of().formatHex(random));
    }

    /** The process a driver folder belongs to, from its name. */
    static Optional<ProcessIdentity> owner(Path dir) {
        String[] parts = dir.getFileName().toString().split("-");
        if (parts.length != 4 || !(parts[0] + "-").equals(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessIdentity(Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes the driver folders of processes that are gone. */
    static void removeLeftovers() {
        // Another process may be removing the same folders right now: whatever goes wrong here is no reason not
        // to start this driver.
        try (Stream<Path> dirs = Files.list(Rendezvous.folder())) {
            for (Path dir : dirs.toList()) {
                Optional<ProcessIdentity> owner = owner(dir);
                if (owner.isPresent() && !owner.get().isAlive() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.info("removing media driver folder {} left behind by process {}, which is gone", dir,
                            owner.get().pid());
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for old media driver folders: {}", e.toString());
        }
    }

    /** Makes what the driver created private: folders 0700, files 0600 (it creates them with the umask's mode). */
    static void makePrivate(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                boolean folder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(folder ? "rwx------" : "rw-------"));
            }
        } catch (IOException e) {
            LOG.warn("cannot make {} private: {}", dir, e.toString());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException | UncheckedIOException e) {
            LOG.debug("{} went while being removed (another process removing it too): {}", dir, e.toString());
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    private static Availability checkAvailability() {
        // Agrona (inside aeron-all) reads memory through jdk.internal.misc.Unsafe; without the export every use fails.
        if (!Object.class.getModule().isExported("jdk.internal.misc", DriverDirs.class.getModule())) {
            return Availability.unavailable("the JVM was started without --add-exports"
                    + " java.base/jdk.internal.misc=ALL-UNNAMED, which Aeron needs (bin/patchbay passes it)");
        }
        try {
            Rendezvous.folder();
            return Availability.AVAILABLE;
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("no usable runtime folder for Aeron: " + e.getMessage());
        }
    }
}
