package dev.patchbay.transport.mmap;

import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A reader for the crash tests: {@code <address> <spread> <stop>}. Connects, says {@code first <n>} (where it
 * resumes), then checks that every message carries the next number and its own bytes, saying {@code at <n>} after
 * each receive; says {@code done} and closes when it has read up to {@code stop}, or {@code BAD ...} and exits with
 * status 3 on the first wrong message.
 */
public final class MmapReaderMain {
    private MmapReaderMain() {
    }

    public static void main(String[] args) {
        int spread = Integer.parseInt(args[1]);
        long stop = Long.parseLong(args[2]);
        PrintStream out = System.out;
        MmapLink link = (MmapLink) new MmapTransport().connect(Address.parse(args[0]),
                LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(20)));
        long[] next = {link.nextReceiveSequence()};
        out.println("first " + next[0]);
        out.flush();
        while (next[0] < stop) {
            link.receive(m -> {
                long number = Numbered.check(m, spread);
                if (number != next[0]) {
                    out.println("BAD expected " + next[0] + " got " + number + " (" + m.remaining() + " bytes)");
                    out.flush();
                    System.exit(3);
                }
                next[0]++;
            }, 64, Duration.ofMillis(100));
            out.println("at " + next[0]);
            out.flush();
        }
        out.println("done");
        out.flush();
        link.close();
    }
}
