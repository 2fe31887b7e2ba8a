package dev.patchbay.host.examples;

import dev.patchbay.sharedmem.managed.ManagedSegment;
import dev.patchbay.sharedmem.managed.ObjectType;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.typed.Field;
import dev.patchbay.sharedmem.typed.ScalarType;
import dev.patchbay.sharedmem.typed.SharedArray;
import dev.patchbay.sharedmem.typed.SharedStruct;
import dev.patchbay.sharedmem.typed.StructLayout;

/**
 * What the counter lesson shares: a struct with its own robust mutex, and an array with one slot per process.
 *
 * <pre>{@code
 * struct counter_stats {            // guarded by the struct's mutex
 *     int64_t counter;              // the shared value everyone increments
 *     int64_t before;               // counter before the update in flight
 *     int32_t pending;              // 1 while an update is half done: a dead holder's is rolled back
 *     int32_t ready;                // processes attached (atomic, no lock)
 *     int32_t go;                   // the start line (atomic, no lock)
 *     int32_t recovered;            // half-done updates rolled back after a holder died
 *     int64_t last_pid;
 *     int64_t recovered_by;         // the pid that undid it
 * };
 * int64_t per_process[K];           // each process counts its own completed increments: exact without a lock
 * }</pre>
 *
 * @param stats      the struct
 * @param perProcess the per-process counts
 */
public record CounterCells(SharedStruct stats, SharedArray perProcess) {
    static final StructLayout LAYOUT = StructLayout.builder().int64("counter").int64("before").int32("pending")
            .int32("ready").int32("go").int32("recovered").int64("last_pid").int64("recovered_by").build();
    static final Field COUNTER = LAYOUT.field("counter");
    static final Field BEFORE = LAYOUT.field("before");
    static final Field PENDING = LAYOUT.field("pending");
    static final Field READY = LAYOUT.field("ready");
    static final Field GO = LAYOUT.field("go");
    static final Field RECOVERED = LAYOUT.field("recovered");
    static final Field LAST_PID = LAYOUT.field("last_pid");
    static final Field RECOVERED_BY = LAYOUT.field("recovered_by");
    /** The names processes meet at in a managed segment. */
    static final String STATS_NAME = "stats";
    static final String PER_PROCESS_NAME = "per-process";
    /** Where the array starts in the data area of a plain segment: after the struct, on a cache line. */
    private static final int ARRAY_OFFSET = 128;

    /** Bytes of data a plain segment needs for {@code processes}. */
    static long fixedSize(int processes) {
        return ARRAY_OFFSET + SharedArray.requiredLength(ScalarType.INT64, processes, false);
    }

    /** Makes fresh, zeroed cells at their fixed offsets in a plain segment (nobody may be using them). */
    static CounterCells createFixed(Segment segment, int processes) {
        Region data = segment.data();
        return new CounterCells(SharedStruct.create(structRegion(data), LAYOUT, true),
                SharedArray.create(arrayRegion(data, processes), ScalarType.INT64, processes, false));
    }

    /** Attaches to the cells another process made in a plain segment. */
    static CounterCells attachFixed(Segment segment, int processes) {
        Region data = segment.data();
        return new CounterCells(SharedStruct.attach(structRegion(data), LAYOUT, true),
                SharedArray.attach(arrayRegion(data, processes), ScalarType.INT64, processes, false));
    }

    private static Region structRegion(Region data) {
        int length = SharedStruct.requiredLength(LAYOUT, true);
        if (length > ARRAY_OFFSET) {
            throw new IllegalStateException("counter struct of " + length + " bytes overlaps the array at "
                    + ARRAY_OFFSET);
        }
        return data.slice(0, length);
    }

    private static Region arrayRegion(Region data, int processes) {
        return data.slice(ARRAY_OFFSET, SharedArray.requiredLength(ScalarType.INT64, processes, false));
    }

    /** The cells by name in a managed segment: whichever process comes first makes them, the others find them. */
    static CounterCells meet(ManagedSegment managed, int processes) {
        return new CounterCells(managed.findOrConstruct(STATS_NAME, ObjectType.struct(LAYOUT, true)),
                managed.findOrConstruct(PER_PROCESS_NAME, ObjectType.array(ScalarType.INT64, processes, false)));
    }

    /** Makes a dead holder's half-done update undone; runs holding the mutex, after EOWNERDEAD. */
    void repairOnOwnerDied() {
        stats.lock().orElseThrow().onOwnerDied(() -> {
            if (stats.getInt(PENDING) == 1) {
                stats.setLong(COUNTER, stats.getLong(BEFORE));
                stats.setInt(PENDING, 0);
                stats.getAndAddInt(RECOVERED, 1);
                stats.setLong(RECOVERED_BY, ProcessHandle.current().pid());
            }
        });
    }

    /**
     * The counter, read under the mutex as every reader of a multi-field update must: if the last holder died and
     * nobody has locked since, this read is the one that undoes its half update.
     */
    long lockedCounter() {
        return stats.withLock(() -> stats.getLong(COUNTER));
    }

    /** The sum of the per-process counts: the increments that completed. */
    long completed() {
        long sum = 0;
        for (int i = 0; i < perProcess.length(); i++) {
            sum += perProcess.getLong(i);
        }
        return sum;
    }
}
