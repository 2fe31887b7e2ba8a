package dev.patchbay.host.cli;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.dashboard.Dashboard;
import dev.patchbay.host.channel.Channel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code patchbay listen <address>}: waits for a peer, then chats (stdin lines out, messages in as lines). */
@Command(name = "listen", description = {"Create the meeting point for ADDRESS, wait for a peer, then send each line of"
        + " stdin as a message and print each message received as a line.",
        "Transitions (swap, patch, rollback, peer gone) are told on stderr; ends when stdin ends or the peer closes."},
        footerHeading = "%nExamples:%n",
        footer = {"  patchbay listen fifo:chat", "  patchbay listen 'pipe:child?exec=cat'",
                "  patchbay listen pipe:anon", "  patchbay listen fifo:chat --http 8080   (live page on 127.0.0.1:8080)",
                "  patchbay listen 'shm:orders?size=4m' --timeout 0   (wait forever)"})
final class ListenCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Mixin
    DashboardOptions http;

    @Parameters(paramLabel = "ADDRESS", description = "Where to meet, e.g. fifo:chat.")
    String address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        http.address();
        try (Patchbay patchbay = host.startHost()) {
            Optional<Dashboard> dashboard = http.start(patchbay, "listen " + address, spec.commandLine().getErr());
            try {
                return chat(patchbay);
            } finally {
                dashboard.ifPresent(Dashboard::close);
            }
        }
    }

    private int chat(Patchbay patchbay) {
        Runtime.getRuntime().addShutdownHook(new Thread(patchbay::close, "patchbay-shutdown"));
        TransitionPrinter.attach(patchbay, spec.commandLine().getErr());
        Channel channel = patchbay.listen(address, meetingPoint -> {
            String hint = meetingPoint.name().equals("child") ? ""
                    : "; connect with: patchbay send '" + meetingPoint + "'";
            spec.commandLine().getErr().println("patchbay: waiting on " + address + " "
                    + host.describeTimeout() + hint);
            spec.commandLine().getErr().flush();
        });
        spec.commandLine().getErr().println("patchbay: connected over " + channel.transport());
        return ChatSession.run(channel, System.in, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
