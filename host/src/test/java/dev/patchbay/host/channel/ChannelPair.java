package dev.patchbay.host.channel;

import dev.patchbay.host.Patchbay;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Two hosts in this JVM and the channel between them, over a real link of the given backend. */
record ChannelPair(Channel listener, Channel connector) {

    static ChannelPair open(Patchbay a, Patchbay b, String address) throws Exception {
        // A thread of its own: on two cores the common pool has one thread, which a test before may still hold.
        CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address), task -> {
            Thread thread = new Thread(task, "channel-pair-listen");
            thread.setDaemon(true);
            thread.start();
        });
        Channel connector = b.connect(address);
        return new ChannelPair(accepted.get(30, TimeUnit.SECONDS), connector);
    }
}
