package dev.patchbay.host.channel;

import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.testkit.SteadyAllocation;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steady state of a channel allocates nothing per message, above its link as well as in it: the contract suite's
 * measurement ({@link SteadyAllocation}) from one host to another in this JVM, over a real link, sending the 56-byte
 * payloads alone (the channel puts its own header in front).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelAllocationTest {
    private static final Duration WAIT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "shm"})
    void aChannelAllocatesNothingPerMessage(String scheme) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            ChannelPair pair = ChannelPair.open(a, b, scheme + ":alloc-" + ProcessHandle.current().pid());
            SteadyAllocation.Result result = SteadyAllocation.measure(
                    (header, payload) -> pair.connector().send(payload), new Receiving(pair.listener()),
                    SteadyAllocation.MESSAGE_SIZE - 8);
            LoggerFactory.getLogger(ChannelAllocationTest.class).info("{}: {}", scheme, result);
            assertThat(result.senderPerMessage()).as("bytes per message sent (%s)", result).isLessThan(1.0);
            assertThat(result.receiverPerMessage()).as("bytes per message received (%s)", result).isLessThan(1.0);
        }
    }

    /** Receives into the measurement's counter through one handler, made at the first call: not one per call. */
    private static final class Receiving implements SteadyAllocation.Receiving {
        private final Channel channel;
        private ChannelHandler handler;

        Receiving(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void receive(MessageHandler counter, int limit) {
            if (handler == null) {
                handler = (sequence, message) -> counter.onMessage(message);
            }
            channel.receive(handler, limit, WAIT);
        }
    }
}
