package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.contender.Placements;
import dev.patchbay.bench.harness.peer.BenchMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a run measures and where it writes, from the command line. See {@link #USAGE}.
 *
 * @param quick    the short configuration: fewer, shorter rounds; the report says its figures are indicative
 * @param rounds   measured rounds per contender, mode and size
 * @param round    length of one round
 * @param warmUp   length of each session's warm-up, discarded
 * @param rate     round trips per second in round-trip rounds
 * @param sizes    message sizes in bytes
 * @param backends which suites to run, by suite name ({@code pipe}, {@code shm-aeron}, ...); empty for all
 * @param outDir   where BENCHMARKS.md and benchmarks.svg go
 * @param cDir     where the build put the C baselines
 * @param baselinesDir where the build put the Java baselines' libraries (Agrona, Aeron), one folder each
 * @param placements which placements to measure, by name ({@link Placements#NAMES})
 * @param retakes  how often a pair of rounds disturbed by other load is taken again
 * @param maxWait  how long the whole run may wait, in all, for other load to pass
 * @param args     the arguments as given, for the report's command line
 */
public record BenchOptions(boolean quick, int rounds, Duration round, Duration warmUp, long rate, List<Integer> sizes,
                           List<String> backends, Path outDir, Path cDir, Path baselinesDir, List<String> placements,
                           int retakes, Duration maxWait, List<String> args) {

    public static final String USAGE = """
            usage: bench/run [--quick] [--rounds N] [--round-ms N] [--warmup-ms N] [--rate N]
                             [--sizes 32,288,1344,65536] [--backends pipe,fifo,...] [--placement separate,shared]
                             [--retakes N] [--max-wait-s N] [--out docs] [--c-dir DIR] [--baselines-dir DIR]
              --quick      3 rounds of 150 ms after a 500 ms warm-up (two minutes or so); default 7 rounds of 400 ms
                           after 1500 ms
              --backends   the suites to run, by name, and swap: the swap-pause mode (patchbay soak, 300
                           migrations, quick 40); default all of them:
                             pipe       Patchbay pipe vs C pipe-bench
                             fifo       Patchbay fifo vs C fifo-bench
                             shm        Patchbay shm (wait=backoff) vs Agrona OneToOneRingBuffer (backoff)
                             shm-spin   Patchbay shm (wait=spin) vs Agrona OneToOneRingBuffer (busy spin)
                             shm-aeron  Patchbay shm (wait=backoff) vs Aeron IPC, embedded media driver (backoff)
                             shm-floor  Patchbay shm (wait=backoff) vs C over the same rings (backoff): the floor
                             shm-spin-floor  Patchbay shm (wait=spin) vs C over the same rings (busy spin)
                             mmap       Patchbay mmap (defaults) vs FileChannel appends to a file, polled
                             aeron-udp  Patchbay aeron:udp vs raw Aeron UDP, 127.0.0.1, a driver per process
              --rate       round trips per second in the round-trip mode (default 2000)
              --placement  separate: receiver and sender pinned to two CPUs; shared: both on one CPU;
                           none: left to the scheduler (default separate,shared)
              --retakes    how often to retake a pair of rounds that other programs disturbed (default 3)
              --max-wait-s how long the run may wait in all for other programs to finish (default 300, quick 60)
              --out        folder for BENCHMARKS.md and benchmarks.svg (default docs)
              --c-dir      where the build put pipe-bench, fifo-bench and shm-floor-bench (default bench/target/c)
              --baselines-dir where the build put the Java baselines' libraries (default bench/target/baselines)""";

    /** The four message sizes of the issue: a tiny message, two typical ones, and 64 KiB. */
    public static final List<Integer> DEFAULT_SIZES = List.of(32, 288, 1344, 64 * 1024);

    public BenchOptions {
        sizes = List.copyOf(sizes);
        backends = List.copyOf(backends);
        placements = List.copyOf(placements);
        for (String placement : placements) {
            if (!Placements.NAMES.contains(placement)) {
                throw new IllegalArgumentException("unknown placement '" + placement + "'; known: " + Placements.NAMES);
            }
        }
        args = List.copyOf(args);
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
        }
        if (retakes < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException("--retakes and --max-wait-s must not be negative");
        }
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1, was " + rate);
        }
        if (round.toMillis() < 10 || warmUp.isNegative()) {
            throw new IllegalArgumentException("--round-ms must be at least 10 and --warmup-ms not negative");
        }
        sizes.forEach(BenchMessage::checkSize);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with a message naming the problem. */
    public static BenchOptions parse(String... args) {
        List<String> list = Arrays.asList(args);
        boolean quick = list.contains("--quick");
        int rounds = quick ? 3 : 7;
        long roundMillis = quick ? 150 : 400;
        long warmUpMillis = quick ? 500 : 1500;
        long rate = 2000;
        List<Integer> sizes = DEFAULT_SIZES;
        List<String> backends = List.of();
        Path outDir = Path.of("docs");
        Path cDir = Path.of(System.getProperty("patchbay.bench.c.dir", "bench/target/c"));
        Path baselinesDir = Path.of(System.getProperty("patchbay.bench.baselines.dir", "bench/target/baselines"));
        List<String> placements = List.of("separate", "shared");
        int retakes = 3;
        long maxWaitSeconds = quick ? 60 : 300;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> { }
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, option));
                case "--round-ms" -> roundMillis = Long.parseLong(value(args, ++i, option));
                case "--warmup-ms" -> warmUpMillis = Long.parseLong(value(args, ++i, option));
                case "--rate" -> rate = Long.parseLong(value(args, ++i, option));
                case "--sizes" -> sizes = parseSizes(value(args, ++i, option));
                case "--backends" -> backends = List.of(value(args, ++i, option).split(","));
                case "--out" -> outDir = Path.of(value(args, ++i, option));
                case "--c-dir" -> cDir = Path.of(value(args, ++i, option));
                case "--baselines-dir" -> baselinesDir = Path.of(value(args, ++i, option));
                case "--placement" -> placements = List.of(value(args, ++i, option).split(","));
                case "--retakes" -> retakes = Integer.parseInt(value(args, ++i, option));
                case "--max-wait-s" -> maxWaitSeconds = Long.parseLong(value(args, ++i, option));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return new BenchOptions(quick, rounds, Duration.ofMillis(roundMillis), Duration.ofMillis(warmUpMillis), rate,
                sizes, backends, outDir, cDir, baselinesDir, placements, retakes, Duration.ofSeconds(maxWaitSeconds),
                list);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<Integer> parseSizes(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            sizes.add(Integer.parseInt(part.strip()));
        }
        return sizes;
    }

    /** True when the suite for {@code backend} is to run. */
    public boolean includes(String backend) {
        return backends.isEmpty() || backends.contains(backend);
    }
}
