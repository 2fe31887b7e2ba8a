package dev.patchbay.bench.harness.peer;

import dev.patchbay.api.Link;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The sender process of a Patchbay pair: opens the link, then obeys the launcher's commands on stdin and answers on
 * stdout ({@link ControlProtocol}). Exits 0 after {@code quit}, 1 after an error (reported as {@code error ...}).
 *
 * <p>{@code SenderMain (--listen|--connect) <address> --size <bytes> --rate <round trips per second>}
 */
public final class SenderMain {
    private SenderMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream control = System.out;
        try {
            PeerArgs peer = PeerArgs.parse(args);
            try (Link link = peer.open()) {
                // pipe:child names the link after the spawned receiver's pid; other transports report 0.
                long receiverPid = link.address().longParam("pid", 0);
                control.println(ControlProtocol.READY + " peer=" + receiverPid + " impl=" + link.address().scheme());
                control.flush();
                obey(new Sender(link, peer.size(), peer.rate()), control);
            }
        } catch (Exception | Error e) {
            control.println(ControlProtocol.ERROR + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
            control.flush();
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void obey(Sender sender, PrintStream control) throws Exception {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] words = line.strip().split(" +");
            switch (words[0]) {
                case ControlProtocol.WARMUP -> {
                    sender.warmUp(Long.parseLong(words[1]));
                    control.println(ControlProtocol.OK);
                }
                case ControlProtocol.ROUND_TRIP -> {
                    int samples = sender.roundTrips(Long.parseLong(words[1]), Path.of(words[2]));
                    control.println(ControlProtocol.RESULT + " samples=" + samples);
                }
                case ControlProtocol.STREAM -> {
                    Sender.StreamResult r = sender.stream(Long.parseLong(words[1]));
                    control.println(ControlProtocol.RESULT + " messages=" + r.messages() + " bytes=" + r.bytes()
                            + " nanos=" + r.nanos());
                }
                case ControlProtocol.QUIT -> {
                    return;
                }
                default -> control.println(ControlProtocol.ERROR + " unknown command: " + line);
            }
            control.flush();
        }
    }
}
