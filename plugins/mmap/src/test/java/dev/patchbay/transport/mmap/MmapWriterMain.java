package dev.patchbay.transport.mmap;

import dev.patchbay.api.Address;
import dev.patchbay.api.LinkOptions;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A writer for the crash tests: {@code <address> <spread> [count]}. Connects, then sends numbered messages from the
 * link's next sequence number on, saying {@code sent <n>} after each send returned (that record is committed);
 * with a count, stops there and closes, otherwise runs until killed.
 */
public final class MmapWriterMain {
    private MmapWriterMain() {
    }

    public static void main(String[] args) {
        int spread = Integer.parseInt(args[1]);
        long count = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        PrintStream out = System.out;
        MmapLink link = (MmapLink) new MmapTransport().connect(Address.parse(args[0]),
                LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(20)));
        for (long n = link.nextSendSequence(); n < count; n++) {
            link.send(Numbered.message(n, spread));
            out.println("sent " + n);
            out.flush();
        }
        link.close();
    }
}
