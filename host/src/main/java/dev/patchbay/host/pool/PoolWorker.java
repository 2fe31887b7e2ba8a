package dev.patchbay.host.pool;

import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.channel.Channel;

import java.nio.ByteBuffer;
import java.time.Duration;

/** The worker process's side: says hello with its pid, then answers every task until the dispatcher closes. */
public final class PoolWorker {
    private PoolWorker() {
    }

    /** Serves tasks on {@code channel} until the dispatcher closes it; returns how many were served. */
    public static long serve(Channel channel) {
        ByteBuffer out = PoolMessages.buffer();
        long served = 0;
        try {
            // The pid lets the dispatcher name (and, asked to, kill) this very process, whatever spawned it.
            channel.send(PoolMessages.hello(out, ProcessHandle.current().pid()));
            while (true) {
                served += channel.receive((seq, m) -> {
                    if (PoolMessages.kind(m) == PoolMessages.TASK) {
                        long id = PoolMessages.first(m);
                        channel.send(PoolMessages.result(out, id, PoolMessages.compute(id, PoolMessages.second(m))));
                    }
                }, 256, Duration.ofSeconds(1));
            }
        } catch (PeerClosedException e) {
            return served;
        } finally {
            channel.close();
        }
    }
}
