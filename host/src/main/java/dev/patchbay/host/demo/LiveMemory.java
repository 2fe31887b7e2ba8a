package dev.patchbay.host.demo;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What a process holds: the heap its live objects fill, plus its direct buffers. Heap in use read after
 * {@link System#gc()} also counts whatever the other threads allocated since, megabytes while hosts migrate, so the
 * live heap comes from the JVM's class histogram when it offers one: a full collection and a count of what survived,
 * in one stop of the world.
 */
final class LiveMemory {
    private static final String DIAGNOSTICS = "com.sun.management:type=DiagnosticCommand";
    private static final long READING_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final int SETTLED_READINGS = 10;
    private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private LiveMemory() {
    }

    /** Live heap plus direct buffers, in bytes. */
    static long footprint() {
        long heap = liveHeap();
        return heap + settledDirect();
    }

    /**
     * Direct buffer memory once it stopped shrinking. A collection finds the buffers of closed links unreachable,
     * but their memory is freed later, by the reference handler thread; on two busy cores that thread can wait
     * hundreds of milliseconds for one, and a reading taken before counts every link a patch replaced.
     */
    private static long settledDirect() {
        long direct = direct();
        int unchanged = 0;
        long deadline = System.nanoTime() + SETTLE_LIMIT_NANOS;
        while (unchanged < SETTLED_READINGS && System.nanoTime() < deadline) {
            LockSupport.parkNanos(READING_INTERVAL_NANOS);
            long now = direct();
            unchanged = now == direct ? unchanged + 1 : 0;
            direct = now;
        }
        return direct;
    }

    private static long direct() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private static long liveHeap() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName(DIAGNOSTICS), "gcClassHistogram", new Object[] {null},
                    new String[] {String[].class.getName()});
            for (String line : histogram.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 3 && fields[0].equals("Total")) {
                    return Long.parseLong(fields[2]);
                }
            }
        } catch (JMException | RuntimeException e) {
            // Not a HotSpot JVM: the plain reading below, noisier.
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
