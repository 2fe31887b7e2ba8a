package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code patchbay send <address>}: connects to a listening peer, then chats. */
@Command(name = "send", description = {"Connect to the peer listening on ADDRESS, then send each line of stdin as a"
        + " message and print each message received as a line.",
        "Example: send fifo:chat"})
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
            Channel channel = patchbay.connect(address);
            spec.commandLine().getErr().println("patchbay: connected over " + channel.transport());
            spec.commandLine().getErr().flush();
            return ChatSession.run(channel, System.in, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
