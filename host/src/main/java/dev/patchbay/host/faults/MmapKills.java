package dev.patchbay.host.faults;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.Link;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.Transport;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.demo.PauseStats;
import dev.patchbay.host.examples.ChildProcess;
import dev.patchbay.sharedmem.segment.SegmentFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The mmap group: the other end of a mapped log, in its own JVM, killed with SIGKILL at random points —
 * {@code rounds} times as the writer (this process reads: every record the writer acknowledged must arrive once, in
 * order, and a record it left half-written must never be delivered), then {@code rounds} times as the reader (this
 * process writes: each new reader must start right after the last record the killed one acknowledged, or later
 * but not past what was written). Then one committed record is damaged on disk and the reader must report it
 * rather than deliver it. The logs are persistent by design: the last round of each side finishes cleanly, which
 * deletes them; the damaged one is removed here.
 */
final class MmapKills {
    private final FaultSettings settings;
    private final RunProcesses processes;
    private final Random random = new Random(20261205);
    private final PauseStats noticed = new PauseStats();
    private final PauseStats writerKills = new PauseStats();
    private final PauseStats readerKills = new PauseStats();
    private final List<String> failures = new ArrayList<>();
    private final String prefix = "faults-" + ProcessHandle.current().pid() + "-";
    private Patchbay host;
    private Transport mmap;
    private int tornReported;
    private long recordsRead;
    private long recordsWritten;
    private String damageReport = "not run";

    MmapKills(FaultSettings settings, RunProcesses processes) {
        this.settings = settings;
        this.processes = processes;
    }

    GroupResult run(Leftovers leftovers) throws IOException, InterruptedException {
        long start = System.nanoTime();
        host = Patchbay.start(HostConfig.of(settings.plugins()).withWatch(false)
                .withLinkOptions(settings.linkOptions()));
        try {
            mmap = host.transportFor(Address.parse("mmap:probe")).transport();
            guard("writer kills", () -> killWriters(Address.parse("mmap:" + prefix + "writer?rollSize=256k")));
            guard("reader kills", () -> killReaders(Address.parse("mmap:" + prefix + "reader?rollSize=256k")));
            guard("damage", () -> damage(Address.parse("mmap:" + prefix + "damage?rollSize=256k")));
        } finally {
            host.close();
            removeLogs(prefix + "damage");
        }
        List<String> notes = List.of(
                String.format("writer killed %d times: %,d records read, each once and in order; noticed %s",
                        writerKills.count(), recordsRead, writerKills),
                String.format("%d writer kills left a half-written record, reported as such and never delivered",
                        tornReported),
                String.format("reader killed %d times: %,d records written; noticed (by the writer) %s",
                        readerKills.count(), recordsWritten, readerKills),
                "damage: " + damageReport);
        return new GroupResult(FaultGroup.MMAP, writerKills.count() + readerKills.count(), noticed, failures,
                leftovers.afterGc(), notes, Duration.ofNanos(System.nanoTime() - start));
    }

    /** A step of the group; what throws is a failure of the group, not of the suite. */
    private interface Step {
        void run() throws IOException, InterruptedException;
    }

    private void guard(String what, Step step) throws InterruptedException {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            failures.add(what + ": " + e);
        }
    }

    private void killWriters(Address address) throws IOException, InterruptedException {
        long next = 0;
        for (int kill = 0; kill <= settings.rounds(); kill++) {
            boolean last = kill == settings.rounds();
            String what = "writer kill " + kill;
            Link link;
            ChildProcess writer;
            try (Acceptor acceptor = mmap.listen(address, host.options().forAddress(address))) {
                writer = worker(new MmapWorker(true, address.toString(), next, last ? next + 100 : Long.MAX_VALUE));
                link = acceptor.accept(settings.timeout());
            }
            try (writer) {
                AtomicLong killedAt = new AtomicLong();
                if (!last) {
                    writer.awaitLine("sent", settings.timeout());
                    int delayMillis = random.nextInt(50);
                    CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(() -> {
                        killedAt.set(System.nanoTime());
                        writer.kill();
                    });
                }
                long[] due = {next};
                try {
                    while (true) {
                        link.receive(m -> {
                            long n = NumberedRecord.check(m);
                            if (n != due[0]) {
                                throw new IllegalStateException("expected record " + due[0] + " but got " + n);
                            }
                            due[0]++;
                        }, 256, Duration.ofMillis(200));
                    }
                } catch (PeerClosedException e) {
                    long at = System.nanoTime();
                    if (!last) {
                        long took = killedAt.get() == 0 ? -1 : at - killedAt.get();
                        noticed.add(took);
                        writerKills.add(took);
                        if (took < 0 || took > settings.noticeLimit().toNanos()) {
                            failures.add(String.format("%s: noticed after %.0f ms (negative: before the kill)",
                                    what, took / 1e6));
                        }
                        tornReported += e.getMessage().contains("half-written") ? 1 : 0;
                    }
                } catch (PatchbayException | IllegalStateException e) {
                    failures.add(what + ": " + e.getMessage());
                    return;
                } finally {
                    link.close();
                }
                long acknowledged = lastNumber(writer.remainingLines(settings.timeout()), "sent ");
                if (due[0] <= acknowledged) {
                    failures.add(what + ": the writer acknowledged record " + acknowledged + " but only records"
                            + " before " + due[0] + " arrived");
                }
                recordsRead += due[0] - next;
                next = due[0];
            }
        }
    }

    private void killReaders(Address address) throws IOException, InterruptedException {
        long written = 0;
        long acknowledged = 0;
        for (int kill = 0; kill <= settings.rounds(); kill++) {
            boolean last = kill == settings.rounds();
            String what = "reader kill " + kill;
            long stop = last ? written + 100 : Long.MAX_VALUE;
            Link link;
            ChildProcess reader;
            try (Acceptor acceptor = mmap.listen(address, host.options().forAddress(address))) {
                reader = worker(new MmapWorker(false, address.toString(), 0, stop));
                link = acceptor.accept(settings.timeout());
            }
            try (reader) {
                long from = written;
                AtomicLong failedAt = new AtomicLong();
                CompletableFuture<Long> writing = CompletableFuture.supplyAsync(() -> {
                    long n = from;
                    try {
                        while (n < stop) {
                            link.send(NumberedRecord.of(n));
                            n++;
                        }
                    } catch (PatchbayException e) {
                        failedAt.set(System.nanoTime());
                    }
                    return n;
                });
                long first = Long.parseLong(reader.awaitLine("first ", settings.timeout()).substring(6));
                if (first < acknowledged || first > from) {
                    failures.add(what + ": the reader resumed at record " + first + "; the last one acknowledged"
                            + " records before " + acknowledged + " and " + from + " were written");
                }
                long killedAt = 0;
                if (last) {
                    reader.awaitLine("done", settings.timeout());
                } else {
                    int receives = 1 + random.nextInt(20);
                    for (int i = 0; i < receives; i++) {
                        reader.awaitLine("at ", settings.timeout());
                    }
                    killedAt = System.nanoTime();
                    reader.kill();
                }
                written = writing.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                link.close();
                if (!last) {
                    long took = failedAt.get() - killedAt;
                    noticed.add(took);
                    readerKills.add(took);
                    if (failedAt.get() == 0 || took > settings.noticeLimit().toNanos()) {
                        failures.add(String.format("%s: the writer noticed after %.0f ms", what, took / 1e6));
                    }
                }
                List<String> said = reader.remainingLines(settings.timeout());
                said.stream().filter(l -> l.startsWith("BAD")).forEach(l -> failures.add(what + ": reader said " + l));
                acknowledged = Math.max(first, lastNumber(said, "at "));
                recordsWritten = written;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                failures.add(what + ": the writing did not end: " + e);
                link.close();
                return;
            }
        }
    }

    /**
     * A writer commits 20 records and closes; one byte in the middle of record 10's body is flipped in the log file
     * before anything is read. Records 0 to 9 must arrive, then the damage must be reported.
     */
    private void damage(Address address) throws IOException, InterruptedException {
        Link link;
        ChildProcess writer;
        try (Acceptor acceptor = mmap.listen(address, host.options().forAddress(address))) {
            writer = worker(new MmapWorker(true, address.toString(), 0, 20));
            link = acceptor.accept(settings.timeout());
        }
        try (writer) {
            if (writer.awaitExit(settings.timeout()) != 0) {
                failures.add("damage: the writer of 20 records failed");
                return;
            }
            LogDamage.flipByteOfRecord(SegmentFolders.dataFolder(), address.name() + ".b2a.", 10);
            long[] due = {0};
            try {
                while (true) {
                    link.receive(m -> {
                        if (NumberedRecord.check(m) != due[0]) {
                            throw new IllegalStateException("record " + due[0] + " was not the one due");
                        }
                        due[0]++;
                    }, 256, Duration.ofMillis(200));
                }
            } catch (CorruptFrameException e) {
                damageReport = "records 0-" + (due[0] - 1) + " delivered, then reported: " + e.getMessage();
                if (due[0] != 10) {
                    failures.add("damage: " + due[0] + " records arrived before the damaged record 10");
                }
            } catch (PatchbayException | IllegalStateException e) {
                damageReport = "NOT reported as damage: " + e;
                failures.add("damage in record 10 was not reported as such: " + e);
            } finally {
                link.close();
            }
        }
    }

    private ChildProcess worker(MmapWorker worker) throws IOException {
        List<String> args = new ArrayList<>(List.of("example-worker"));
        args.addAll(worker.arguments());
        ChildProcess child = ChildProcess.start(settings.plugins(), args.toArray(String[]::new));
        processes.add(child.pid());
        return child;
    }

    /** The largest number on the lines that start with {@code prefix}, or -1. */
    private static long lastNumber(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).mapToLong(l -> Long.parseLong(l.substring(
                prefix.length()).trim())).max().orElse(-1);
    }

    /** Deletes the files of a log this group damaged on purpose: persistent, so no gc would. */
    private static void removeLogs(String name) throws IOException {
        try (Stream<Path> files = Files.list(SegmentFolders.dataFolder())) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(name + ".")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
