package dev.patchbay.host.demo;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
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

    private LiveMemory() {
    }

    /** Live heap plus direct buffers, in bytes. */
    static long footprint() {
        liveHeap();
        // The collection just found the buffers of closed links unreachable; their memory is freed a moment later
        // by the reference handler. Count after a second collection, when it had that moment.
        long heap = liveHeap();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return heap + direct;
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
