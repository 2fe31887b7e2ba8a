package dev.patchbay.host.module;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An acceptor from a {@link GuardedTransport}: {@link #accept} waits on the module's accept for at most its timeout
 * and some slack, and {@link #close} ends that wait at once even if the module's own close or accept hangs.
 */
final class GuardedAcceptor implements Acceptor {
    private final Acceptor acceptor;
    private final String module;
    private final GuardedCalls.Overrun overrun;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private volatile Future<Link> pending;
    private volatile boolean closed;

    GuardedAcceptor(Acceptor acceptor, String module, GuardedCalls.Overrun overrun) {
        this.acceptor = acceptor;
        this.module = module;
        this.overrun = overrun;
    }

    @Override
    public Address address() {
        return acceptor.address();
    }

    @Override
    public Link accept(Duration timeout) {
        if (closed) {
            throw new LinkClosedException("the acceptor on " + acceptor.address() + " is closed");
        }
        String what = "accept on " + acceptor.address();
        Future<Link> call = GuardedCalls.submit(what, () -> {
            Link link = acceptor.accept(timeout);
            if (closed) {
                // Accepted after the wait was given up: nobody will use this link.
                link.close();
                throw new LinkClosedException("the acceptor on " + acceptor.address() + " was closed");
            }
            return link;
        });
        pending = call;
        if (closed) {
            call.cancel(true);
        }
        try {
            return GuardedCalls.await(call, module, what, GuardedCalls.withSlack(timeout), overrun);
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        Future<Link> call = pending;
        if (call != null) {
            call.cancel(true);
        }
        try {
            // Bounded: a cancel or a shutdown must not hang in a module's close.
            Future<Void> closing = GuardedCalls.submit("close the acceptor on " + acceptor.address(), () -> {
                acceptor.close();
                return null;
            });
            closing.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ModuleException | ExecutionException | TimeoutException e) {
            // Close never throws; a module whose close hangs or fails is left to finish on its own.
        }
    }
}
