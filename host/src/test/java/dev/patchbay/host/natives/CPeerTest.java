package dev.patchbay.host.natives;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pbpeer, a C program written from docs/PROTOCOL.md alone (fifo rendezvous, stream framing, channel frames), talks
 * to a Java host: numbered messages both ways, each side checking every sequence number, and a migration the C
 * side refuses in words the Java side reports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CPeerTest {
    private static final int FROM_C = 500;
    private static final int FROM_JAVA = 2000;

    @TempDir
    Path dir;

    @Test
    void exchangesNumberedMessagesWithAJavaHostAndRefusesToMigrate() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        String name = "cpeer-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = dir.resolve("pbpeer.log");
        ProcessBuilder builder = new ProcessBuilder(NativeFiles.pbpeer().toString(), name, Integer.toString(FROM_C))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile());
        builder.environment().put("PATCHBAY_RUNTIME_DIR", RuntimeDirectory.root().toString());
        Process peer = builder.start();
        try (Patchbay host = Patchbay.start(HostConfig.of(plugins))) {
            Channel channel = host.listen("fifo:" + name);
            List<String> own = new CopyOnWriteArrayList<>();
            List<String> echoes = new CopyOnWriteArrayList<>();
            CountDownLatch allEchoed = new CountDownLatch(FROM_JAVA + 1);
            AtomicBoolean receiving = new AtomicBoolean(true);
            CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> {
                while (receiving.get()) {
                    channel.receive((sequence, message) -> {
                        String text = StandardCharsets.UTF_8.decode(message).toString();
                        if (text.startsWith("pbpeer ")) {
                            own.add(text);
                        } else {
                            echoes.add(text);
                            allEchoed.countDown();
                        }
                    }, 64, Duration.ofMillis(50));
                }
            });
            for (int i = 0; i < FROM_JAVA; i++) {
                channel.send(ByteBuffer.wrap(("java " + i).getBytes(StandardCharsets.UTF_8)));
            }
            MigrationReport refused = host.swap(channel.name(), "fifo");
            channel.send(ByteBuffer.wrap(("java " + FROM_JAVA).getBytes(StandardCharsets.UTF_8)));
            assertThat(allEchoed.await(30, TimeUnit.SECONDS)).as("every message echoed").isTrue();
            receiving.set(false);
            receiver.get(5, TimeUnit.SECONDS);

            assertThat(refused.outcome()).isEqualTo(MigrationOutcome.ABORTED);
            assertThat(refused.reason()).contains("pbpeer speaks fifo only and cannot move to fifo:");
            assertThat(own).hasSize(FROM_C);
            for (int j = 0; j < FROM_C; j++) {
                assertThat(own.get(j)).isEqualTo("pbpeer " + j);
            }
            assertThat(echoes).hasSize(FROM_JAVA + 1);
            for (int i = 0; i <= FROM_JAVA; i++) {
                assertThat(echoes.get(i)).isEqualTo("java " + i);
            }
            channel.close();
        }
        assertThat(peer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(log);
        assertThat(peer.exitValue()).as(said).isZero();
        assertThat(said).contains("pbpeer: received " + (FROM_JAVA + 1) + ", sent " + (FROM_C + FROM_JAVA + 1)
                + ", refused 1 migration(s)");
    }
}
