package dev.patchbay.host.natives;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.Transport;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.sharedmem.ring.RecordHandler;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingSpec;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.FutexWait;
import dev.patchbay.sharedmem.sync.WaitStrategy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Round trips of 64-byte messages between two JVMs, in one run: the Java shm backend (when its jar is on the class
 * path) with its default and its futex wait, a bare Java ring baseline (shared-mem ring buffers in a POSIX segment,
 * moved with VarHandles, no Link around them), nshm through its shared rings (RingLink: Java moves the records, C
 * only waits), nshm through pb_send/pb_receive (CallLink: a JNA call per message and per receive), and nshm run
 * in a helper process (isolate=process) on one side or on both. Also the cost of one JNA call into the library,
 * direct-mapped and through a Function.
 *
 * <p>Run after {@code ./mvnw -q -DskipTests package}, from the repository root:
 * {@code java -cp "target/patchbay/lib/*:target/patchbay/plugins/shm-1.0.0.jar:host/target/test-classes"
 * -Dpatchbay.dist=target/patchbay dev.patchbay.host.natives.RoundTripBenchmark [rounds [kinds...]]}
 */
public final class RoundTripBenchmark {
    private static final int SIZE = 64;
    private static final int CAPACITY = 256 * 1024;
    private static final WaitStrategy WAIT = new FutexWait(500, 100_000_000);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String SHM = "dev.patchbay.transport.shm.ShmTransport";

    private RoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--echo")) {
            echo(args[1], args[2]);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("machine: %d CPUs, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        List<String[]> rows = new ArrayList<>();
        List<String> kinds = new ArrayList<>(List.of("java-ring", "nshm-rings", "nshm-calls", "nshm-iso-one",
                "nshm-iso-both"));
        if (args.length > 1) {
            // Only the kinds named, in that order: same-run ratios of a few without the rest.
            kinds = List.of(Arrays.copyOfRange(args, 1, args.length));
        } else {
            jnaCallCost();
        }
        if (args.length > 1) {
            System.out.println("kinds: " + kinds);
        } else if (shm() != null) {
            kinds.addAll(0, List.of("shm", "shm-futex"));
        } else {
            System.out.println("(no " + SHM + " on the class path: the Java shm backend is left out)");
        }
        for (String kind : kinds) {
            rows.add(roundTrips(kind, rounds));
        }
        System.out.printf("%nround trip of %d-byte messages, %,d rounds after %,d to warm up, ns:%n", SIZE, rounds,
                rounds / 4);
        System.out.printf("%-11s %8s %8s %8s %8s %9s%n", "path", "p50", "p90", "p99", "p99.9", "max");
        for (String[] row : rows) {
            System.out.printf("%-11s %8s %8s %8s %8s %9s%n", (Object[]) row);
        }
    }

    /** A trivial function of the library (pb_last_error), called through each kind of JNA binding. */
    private static void jnaCallCost() {
        NativeAbi abi = ((NativeTransport) new NshmPeerTransport().delegate()).library().abi();
        Function function = NativeLibrary.getInstance(NativeFiles.nshm().toString()).getFunction("pb_last_error");
        Object[] none = new Object[0];
        long sink = 0;
        double direct = 0;
        double generic = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) {
                sink += abi.lastError();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 500_000; i++) {
                sink += function.invokeLong(none);
            }
            long t2 = System.nanoTime();
            direct = (t1 - t0) / 2e6;
            generic = (t2 - t1) / 5e5;
        }
        System.out.printf("one JNA call into nshm (last of 5 rounds): direct mapping %.0f ns, Function.invoke %.0f ns"
                + " (%d)%n", direct, generic, sink & 1);
    }

    private static String[] roundTrips(String kind, int rounds) throws Exception {
        String name = "bench-" + ProcessHandle.current().pid() + "-" + kind;
        Process peer = startEcho(kind, name);
        long[] samples = new long[rounds];
        try {
            if (kind.equals("java-ring")) {
                javaRing(name, samples);
            } else {
                overLink(kind, name, samples);
            }
            if (!peer.waitFor(10, TimeUnit.SECONDS)) {
                peer.destroyForcibly();
            }
        } finally {
            peer.destroyForcibly();
        }
        Arrays.sort(samples);
        return new String[] {kind, at(samples, 0.5), at(samples, 0.9), at(samples, 0.99), at(samples, 0.999),
                Long.toString(samples[samples.length - 1])};
    }

    private static String at(long[] sorted, double quantile) {
        return Long.toString(sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)]);
    }

    private static Process startEcho(String kind, String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        for (String property : List.of("patchbay.dist", "patchbay.runtime.dir")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of(RoundTripBenchmark.class.getName(), "--echo", kind, name));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The samples after a warm-up of a quarter as many rounds; an empty message, echoed too, ends the echo. */
    private interface Exchange {
        void roundTrip(ByteBuffer message);
    }

    private static void measure(Exchange exchange, long[] samples) {
        ByteBuffer message = ByteBuffer.allocateDirect(SIZE);
        for (int i = 0; i < samples.length / 4; i++) {
            exchange.roundTrip(message.clear());
        }
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            exchange.roundTrip(message.clear());
            samples[i] = System.nanoTime() - start;
        }
        exchange.roundTrip(message.clear().limit(0));
    }

    /** The transport and address of a kind that runs over a {@link Link}. */
    private static Transport transport(String kind) {
        return kind.startsWith("shm") ? shm() : new NshmPeerTransport();
    }

    /**
     * The address of a kind, as the measuring side ({@code here}) or the echo opens it: {@code nshm-iso-one} runs
     * the module in a helper on the measuring side only, {@code nshm-iso-both} on both sides.
     */
    private static Address address(String kind, String name, boolean here) {
        return Address.parse(switch (kind) {
            case "shm" -> "shm:" + name;
            case "shm-futex" -> "shm:" + name + "?wait=futex";
            case "nshm-calls" -> "nshm:" + name + "?datapath=calls";
            case "nshm-iso-one" -> "nshm:" + name + (here ? "?isolate=process" : "");
            case "nshm-iso-both" -> "nshm:" + name + "?isolate=process";
            default -> "nshm:" + name + "?datapath=rings";
        });
    }

    /** The Java shm backend, if its jar is on the class path. */
    private static Transport shm() {
        try {
            return (Transport) Class.forName(SHM).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static void overLink(String kind, String name, long[] samples) {
        try (Acceptor acceptor = transport(kind).listen(address(kind, name, true), LinkOptions.DEFAULTS);
             Link link = acceptor.accept(PATIENCE)) {
            measure(message -> {
                link.send(message);
                while (link.receive(m -> { }, 1, PATIENCE) == 0) {
                    Thread.onSpinWait();
                }
            }, samples);
        }
    }

    private static void javaRing(String name, long[] samples) {
        int length = RingSpec.oneToOne(CAPACITY).withDoorbells().requiredLength();
        try (Segment segment = Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 2L * length))) {
            RingBuffer out = RingBuffer.create(segment.data().slice(0, length), RingSpec.oneToOne(CAPACITY)
                    .withDoorbells());
            RingBuffer in = RingBuffer.create(segment.data().slice(length, length), RingSpec.oneToOne(CAPACITY)
                    .withDoorbells());
            RecordHandler ignore = (type, buffer, index, n) -> { };
            measure(message -> {
                out.offer(1, message, 0, message.remaining(), WAIT, PATIENCE);
                in.poll(ignore, 1, WAIT, PATIENCE);
            }, samples);
        }
    }

    private static void echo(String kind, String name) throws Exception {
        ByteBuffer copy = ByteBuffer.allocateDirect(SIZE);
        if (!kind.equals("java-ring")) {
            try (Link link = transport(kind).connect(address(kind, name, false),
                    LinkOptions.DEFAULTS.withOpenTimeout(PATIENCE))) {
                boolean[] stop = {false};
                while (!stop[0]) {
                    if (link.receive(m -> {
                        stop[0] = !m.hasRemaining();
                        copy.clear();
                        copy.put(m).flip();
                    }, 1, PATIENCE) > 0) {
                        link.send(copy);
                    }
                }
            }
            return;
        }
        Path file = Path.of("/dev/shm/patchbay-" + name);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            // A benchmark's main, run on the distribution's class path (no Awaitility there): poll for the file.
            Thread.sleep(1);
        }
        int length = RingSpec.oneToOne(CAPACITY).withDoorbells().requiredLength();
        try (Segment segment = Segment.open(SegmentSpec.posix(name, OpenMode.OPEN_EXISTING, 0))) {
            Region data = segment.data();
            RingBuffer in = RingBuffer.attach(data.slice(0, length));
            RingBuffer out = RingBuffer.attach(data.slice(length, length));
            int[] size = {0};
            RecordHandler keep = (type, buffer, index, n) -> {
                size[0] = n;
                copy.clear();
                copy.put(0, buffer, index, n);
            };
            while (true) {
                if (in.poll(keep, 1, WAIT, PATIENCE) == 0) {
                    continue;
                }
                out.offer(1, copy, 0, size[0], WAIT, PATIENCE);
                if (size[0] == 0) {
                    return;
                }
            }
        }
    }
}
