package dev.patchbay.host.faults;

import java.util.Arrays;
import java.util.Locale;

/** The groups of the fault suite, in the order they run. */
public enum FaultGroup {
    /** Echo peers killed idle, under traffic and in each phase of a migration. */
    PEER("kill -9 of a peer: idle, under traffic, and in each migration phase"),
    /** A process killed while it holds a robust shared mutex. */
    LOCK("kill -9 of a robust-lock holder"),
    /** The writer, then the reader, of a mapped log killed at random points. */
    MMAP("kill -9 of an mmap writer, then of a reader"),
    /** Migrations under continuous traffic. */
    SWAPS("swaps under load");

    private final String description;

    FaultGroup(String description) {
        this.description = description;
    }

    /** The name on the command line and in the report: {@code peer}, {@code lock}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    /** The group called {@code label}. */
    public static FaultGroup of(String label) {
        return Arrays.stream(values()).filter(g -> g.label().equals(label.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no fault group '" + label + "': use "
                        + String.join(",", Arrays.stream(values()).map(FaultGroup::label).toList())));
    }
}
