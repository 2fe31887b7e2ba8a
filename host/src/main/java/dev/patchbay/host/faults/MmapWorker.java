package dev.patchbay.host.faults;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.Patchbay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The other process of the mmap group ({@code patchbay example-worker mmap-writer|mmap-reader ...}), connecting to
 * the suite's mapped log. A writer sends numbered records from {@code FROM} on, saying {@code sent <n>} once each
 * send returned (the record is committed: acknowledged); a reader says {@code first <n>} with the first number it
 * gets, then {@code at <n>} after each receive (everything before {@code n} consumed: acknowledged), and
 * {@code BAD ...} with status 3 on a record that is not the one due. Both stop at {@code UNTIL} (then close
 * cleanly) or run until killed.
 *
 * @param writer  true for the writer
 * @param address the {@code mmap:} address
 * @param from    the writer's first number (the reader's is whatever comes)
 * @param until   where to stop
 */
public record MmapWorker(boolean writer, String address, long from, long until) {
    /** Exit status of a reader that got a wrong record. */
    public static final int BAD_RECORD = 3;

    /** The worker from {@code mmap-writer ADDRESS FROM [UNTIL]} or {@code mmap-reader ADDRESS [UNTIL]}. */
    public static MmapWorker parse(String role, List<String> args) {
        boolean writer = switch (role) {
            case "mmap-writer" -> true;
            case "mmap-reader" -> false;
            default -> throw new IllegalArgumentException("no fault worker '" + role + "': use mmap-writer or"
                    + " mmap-reader");
        };
        int need = writer ? 2 : 1;
        if (args.size() < need || args.size() > need + 1) {
            throw new IllegalArgumentException(role + " takes " + (writer ? "ADDRESS FROM [UNTIL]" : "ADDRESS [UNTIL]")
                    + ", got " + args);
        }
        long from = writer ? Long.parseLong(args.get(1)) : 0;
        long until = args.size() > need ? Long.parseLong(args.get(need)) : Long.MAX_VALUE;
        return new MmapWorker(writer, args.get(0), from, until);
    }

    /** The arguments after {@code example-worker} that make {@link #parse} give this worker back. */
    List<String> arguments() {
        String end = until == Long.MAX_VALUE ? null : Long.toString(until);
        List<String> args = new java.util.ArrayList<>(writer
                ? List.of("mmap-writer", address, Long.toString(from)) : List.of("mmap-reader", address));
        if (end != null) {
            args.add(end);
        }
        return args;
    }

    /** Runs on {@code host}'s mmap backend; returns the exit status. */
    public int run(Patchbay host, PrintStream out) {
        Address parsed = Address.parse(address);
        try (Link link = host.transportFor(parsed).transport().connect(parsed, host.options().forAddress(parsed))) {
            return writer ? write(link, out) : read(link, out);
        }
    }

    private int write(Link link, PrintStream out) {
        for (long n = from; n < until; n++) {
            link.send(NumberedRecord.of(n));
            out.println("sent " + n);
            out.flush();
        }
        return 0;
    }

    private int read(Link link, PrintStream out) {
        long[] next = {-1};
        String[] bad = {null};
        while (next[0] < until && bad[0] == null) {
            try {
                link.receive(m -> {
                    long n;
                    try {
                        n = NumberedRecord.check(m);
                    } catch (IllegalStateException e) {
                        bad[0] = e.getMessage();
                        return;
                    }
                    if (next[0] < 0) {
                        out.println("first " + n);
                        next[0] = n;
                    }
                    if (n != next[0] && bad[0] == null) {
                        bad[0] = "expected record " + next[0] + " but got " + n;
                    }
                    next[0]++;
                }, 64, Duration.ofMillis(100));
            } catch (PeerClosedException e) {
                break;
            }
            if (bad[0] != null) {
                out.println("BAD " + bad[0]);
                out.flush();
                return BAD_RECORD;
            }
            if (next[0] >= 0) {
                out.println("at " + next[0]);
                out.flush();
            }
        }
        out.println("done");
        out.flush();
        return 0;
    }
}
