package dev.patchbay.api.testkit;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeds, counts and mutations for the fuzz tests. A run prints nothing unless it fails; a failure names the seed and
 * the input's number, and {@code -Dpatchbay.fuzz.seed=<seed>} replays exactly that run.
 * {@code -Dpatchbay.fuzz.iterations=<n>} sets the inputs per test for a long run (the default keeps the suite quick).
 */
public final class Fuzz {
    /** The system property that fixes the seed, to replay a failure. */
    public static final String SEED = "patchbay.fuzz.seed";
    /** The system property that sets how many inputs each fuzz test feeds. */
    public static final String ITERATIONS = "patchbay.fuzz.iterations";

    private final long seed;
    private final Random random;

    private Fuzz(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** A fresh run: the seed from {@link #SEED} if set, else a new one. */
    public static Fuzz start() {
        String fixed = System.getProperty(SEED);
        return new Fuzz(fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime());
    }

    /** One input: make it from {@code fuzz}, feed it, check the outcome; {@code replay} starts a failure's message. */
    @FunctionalInterface
    public interface Input {
        void feed(Fuzz fuzz, String replay) throws Throwable;
    }

    /**
     * Feeds {@link #iterations(int) iterations(quick)} inputs, each with its own generator drawn from the run's seed
     * and each stopped (a failure naming it) if it takes longer than {@code perInput}.
     */
    public static void run(int quick, Duration perInput, Input input) {
        Fuzz run = start();
        int inputs = iterations(quick);
        for (int i = 0; i < inputs; i++) {
            String replay = run.replay(i);
            Fuzz one = new Fuzz(run.random.nextLong());
            assertTimeoutPreemptively(perInput, () -> input.feed(one, replay),
                    () -> replay + "no end within " + perInput);
        }
    }

    /** How many inputs a test feeds: {@link #ITERATIONS} if set, else {@code quick}. */
    public static int iterations(int quick) {
        return Integer.getInteger(ITERATIONS, quick);
    }

    public Random random() {
        return random;
    }

    public long seed() {
        return seed;
    }

    /** What a failure message starts with, so that the input can be fed again. */
    public String replay(int input) {
        return "input #" + input + " of seed " + seed + " (replay with -D" + SEED + "=" + seed + "): ";
    }

    public int between(int lowInclusive, int highInclusive) {
        return lowInclusive + random.nextInt(highInclusive - lowInclusive + 1);
    }

    public byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /**
     * A few of the changes real damage makes: bytes flipped or overwritten, a cut, a piece repeated, an int set to
     * an edge value (where lengths and offsets hide). Returns a new array; {@code valid} is left alone.
     */
    public byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            b = mutateOnce(b);
        }
        return b;
    }

    private byte[] mutateOnce(byte[] b) {
        if (b.length == 0) {
            return bytes(1 + random.nextInt(16));
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(6)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = (byte) random.nextInt(256);
            case 2 -> {
                return java.util.Arrays.copyOf(b, at);
            }
            case 3 -> {
                int length = Math.min(b.length - at, 1 + random.nextInt(32));
                byte[] longer = java.util.Arrays.copyOf(b, b.length + length);
                System.arraycopy(b, at, longer, b.length, length);
                return longer;
            }
            case 4 -> {
                if (at + 4 <= b.length) {
                    int value = EDGE_INTS[random.nextInt(EDGE_INTS.length)];
                    for (int i = 0; i < 4; i++) {
                        b[at + i] = (byte) (value >>> (8 * i));
                    }
                }
            }
            default -> {
                byte[] noise = bytes(1 + random.nextInt(8));
                System.arraycopy(noise, 0, b, at, Math.min(noise.length, b.length - at));
            }
        }
        return b;
    }

    private static final int[] EDGE_INTS = {0, 1, -1, 7, 8, 0x7fff_ffff, 0x8000_0000, 0xffff_fff8, 4096, 65536,
            1 << 20, 1 << 30};
}
