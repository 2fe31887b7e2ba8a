package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code patchbay send <address>}: connects to a listening peer, then chats. */
@Command(name = "send", description = {"Connect to the peer listening on ADDRESS, then send each line of stdin as a"
        + " message and print each message received as a line.",
        "Transitions (swap, patch, rollback, peer gone) are told on stderr; ends when stdin ends or the peer closes."},
        footerHeading = "%nExamples:%n",
        footer = {"  patchbay send fifo:chat", "  echo hello | patchbay send fifo:chat",
                "  patchbay send fifo:chat --timeout 0   (wait for a listener forever)"})
final class SendCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Parameters(paramLabel = "ADDRESS", description = "Where the peer listens, e.g. fifo:chat.")
    String address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Patchbay patchbay = host.startHost()) {
            Runtime.getRuntime().addShutdownHook(new Thread(patchbay::close, "patchbay-shutdown"));
            TransitionPrinter.attach(patchbay, spec.commandLine().getErr());
            // Said only when the listener is not there at once: a quick connect prints nothing extra.
            AtomicBoolean settled = new AtomicBoolean();
            CompletableFuture.runAsync(() -> {
                if (settled.compareAndSet(false, true)) {
                    spec.commandLine().getErr().println("patchbay: waiting for a listener on " + address + " "
                            + host.describeTimeout() + " (start one with: patchbay listen '" + address + "')");
                    spec.commandLine().getErr().flush();
                }
            }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            Channel channel;
            try {
                channel = patchbay.connect(address);
            } finally {
                settled.set(true);
            }
            spec.commandLine().getErr().println("patchbay: connected over " + channel.transport());
            spec.commandLine().getErr().flush();
            return ChatSession.run(channel, System.in, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
