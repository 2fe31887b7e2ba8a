package dev.patchbay.host.channel;

import dev.patchbay.host.Patchbay;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Two hosts in this JVM and the channel between them, over a real link of the given backend. */
record ChannelPair(Channel listener, Channel connector) {

    static ChannelPair open(Patchbay a, Patchbay b, String address) throws Exception {
        CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
        Channel connector = b.connect(address);
        return new ChannelPair(accepted.get(30, TimeUnit.SECONDS), connector);
    }
}
