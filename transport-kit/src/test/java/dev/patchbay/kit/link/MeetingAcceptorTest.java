package dev.patchbay.kit.link;

import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.OpenTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MeetingAcceptorTest {

    /** A meeting point that is a flag: the peer "comes" when the test sets it. */
    private static final class FlagAcceptor extends MeetingAcceptor {
        final AtomicBoolean peer = new AtomicBoolean();
        final AtomicInteger links = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();

        @Override
        public Address address() {
            return Address.parse("flag:meeting");
        }

        @Override
        protected boolean peerArrived() {
            return peer.get();
        }

        @Override
        protected Link link() {
            links.incrementAndGet();
            return null;
        }

        @Override
        protected void release() {
            releases.incrementAndGet();
        }

        @Override
        protected String meetingPoint() {
            return "the flag";
        }
    }

    @Test
    void aPeerThatComesWhileAcceptWaitsIsAcceptedOnceAndNothingIsReleased() throws Exception {
        FlagAcceptor acceptor = new FlagAcceptor();
        CompletableFuture<Link> accepted = CompletableFuture.supplyAsync(() -> acceptor.accept(Duration.ofSeconds(30)));
        acceptor.peer.set(true);
        accepted.get(5, TimeUnit.SECONDS);
        assertThat(acceptor.links).hasValue(1);

        assertThatThrownBy(() -> acceptor.accept(Duration.ofSeconds(1))).isInstanceOf(LinkClosedException.class)
                .hasMessageContaining("flag:meeting");
        acceptor.close();
        assertThat(acceptor.releases).as("the accepted link owns the meeting point now").hasValue(0);
    }

    @Test
    void noPeerIsATimeoutNamingWhereItWaitedAndHowToStartTheOtherSide() {
        FlagAcceptor acceptor = new FlagAcceptor();
        long start = System.nanoTime();
        assertThatThrownBy(() -> acceptor.accept(Duration.ofMillis(200))).isInstanceOf(OpenTimeoutException.class)
                .hasMessage("no peer connected to the flag within 200 ms; start the other side with: patchbay send"
                        + " flag:meeting");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void closeEndsAWaitingAcceptPromptlyAndReleasesOnce() throws Exception {
        FlagAcceptor acceptor = new FlagAcceptor();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                acceptor.accept(Duration.ofSeconds(60));
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(e);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        long start = System.nanoTime();
        acceptor.close();
        assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(LinkClosedException.class);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
        acceptor.close();
        assertThat(acceptor.releases).hasValue(1);
        assertThat(acceptor.links).hasValue(0);
    }
}
