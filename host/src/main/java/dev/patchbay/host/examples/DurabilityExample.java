package dev.patchbay.host.examples;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.Transport;
import dev.patchbay.host.Patchbay;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.typed.SharedLong;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code patchbay example durability}: what outlives what. A shm segment lives in memory (tmpfs): it outlives the
 * processes that use it but not a reboot, and its owner removes it on close. A mapped log ({@code mmap:}) is a file:
 * the writer is killed with SIGKILL after writing, the reader still gets every record it committed, and a reader
 * that listens again with {@code from=<seq>} replays from that record while a restarted writer carries on.
 */
public final class DurabilityExample {
    private final Patchbay host;
    private final PrintWriter out;
    private final int records;
    private final Duration timeout;

    /**
     * @param host    a host whose plugins folder has the mmap backend
     * @param records how many records the first writer writes
     * @param timeout how long a writer may take to start and write
     */
    public DurabilityExample(Patchbay host, PrintWriter out, int records, Duration timeout) {
        if (records < 2 || records > 100_000) {
            throw new IllegalArgumentException("records=" + records + " must be between 2 and 100000");
        }
        this.host = host;
        this.out = out;
        this.records = records;
        this.timeout = timeout;
    }

    /** Runs both halves; true if the log kept and replayed everything and nothing was left behind. */
    public boolean run() throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        out.println("Patchbay durability: a shm segment against a mapped log");
        out.println();
        boolean ok = shm("example-durable-" + pid);
        out.println();
        ok &= log("example-log-" + pid);
        out.println();
        printCommands();
        return ok;
    }

    private boolean shm(String name) throws IOException {
        Path file = Path.of("/dev/shm", Names.posixName(name).substring(1));
        try (Segment segment = Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096))) {
            SharedLong value = SharedLong.create(segment.data().slice(0, SharedLong.requiredLength(false)), false, 42);
            line("shm", String.format("wrote %d into %s (%s) on a %s file system", value.get(), file,
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), fileSystemOf("/dev/shm")));
            line("shm", "tmpfs is memory: nothing of it reaches a disk, so a reboot or a power cut loses it;");
            line("", "a killed process does not: the segment stays until its owner removes it, `patchbay segments"
                    + " gc` does, or the machine restarts");
        }
        boolean gone = !Files.exists(file);
        line("shm", "its owner closed it: " + file + (gone ? " has vanished" : " is STILL THERE"));
        return gone;
    }

    private boolean log(String name) throws IOException, InterruptedException {
        Path data = SegmentFolders.dataFolder();
        boolean ok = false;
        try {
            ok = crashAndReplay(name, data);
        } finally {
            ok &= removeLeftovers(data, name);
        }
        return ok;
    }

    private boolean crashAndReplay(String name, Path data) throws IOException, InterruptedException {
        Address address = Address.parse("mmap:" + name + "?rollSize=64k");
        Transport mmap = host.transportFor(address).transport();
        LinkOptions options = host.options().forAddress(address);
        Path plugins = host.modules().pluginsDir();
        boolean ok;
        try (Acceptor acceptor = mmap.listen(address, options);
             ChildProcess writer = ChildProcess.start(plugins, writerArgs(address, records, 1))) {
            Link link = acceptor.accept(timeout);
            try {
                writer.awaitLine("WROTE", timeout);
                writer.kill();
                writer.awaitExit(timeout);
                line("mmap", String.format("writer pid %d appended %d records to %s/%s.b2a.*.log, then was killed"
                        + " with SIGKILL", writer.pid(), records, data, name));
                List<String> got = drain(link, records);
                ok = got.size() == records;
                line("mmap", String.format("the reader still got %d of %d records; the last: \"%s\"", got.size(),
                        records, got.isEmpty() ? "" : got.get(got.size() - 1)));
            } finally {
                link.close();
            }
        }
        long from = records / 2;
        Address replay = Address.parse(address + "&from=" + from);
        int more = 2;
        try (Acceptor acceptor = mmap.listen(replay, options);
             ChildProcess writer = ChildProcess.start(plugins, writerArgs(address, more, 2))) {
            Link link = acceptor.accept(timeout);
            try {
                writer.awaitLine("WROTE", timeout);
                line("mmap", "the writer started again (pid " + writer.pid() + ") and the reader listened again on "
                        + replay + ":");
                List<String> got = drain(link, records - from + more);
                for (int i = 0; i < got.size(); i++) {
                    out.printf("            seq %-4d %s%n", from + i, got.get(i));
                }
                ok &= got.size() == records - from + more;
            } finally {
                link.close();
            }
            ok &= writer.awaitExit(timeout) == 0;
        }
        return ok;
    }

    private static String[] writerArgs(Address address, int count, int run) {
        List<String> args = new ArrayList<>(List.of("example-worker", "log-writer"));
        args.addAll(List.of(new LogWriterChild(address.toString(), count, run).arguments()));
        return args.toArray(String[]::new);
    }

    /** Receives until {@code expected} records came or the writer is gone and everything it committed is read. */
    private List<String> drain(Link link, long expected) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (got.size() < expected && System.nanoTime() < deadline) {
                link.receive(m -> got.add(StandardCharsets.UTF_8.decode(m).toString()), 64, Duration.ofMillis(200));
            }
        } catch (PeerClosedException e) {
            // The writer is dead and every record it committed has been handed out.
        }
        return got;
    }

    /** The log's files go once both sides closed cleanly; anything a failure left is removed here. */
    private boolean removeLeftovers(Path data, String name) throws IOException {
        List<Path> left;
        try (Stream<Path> files = Files.list(data)) {
            left = files.filter(p -> p.getFileName().toString().startsWith(name + ".")).toList();
        }
        for (Path p : left) {
            Files.deleteIfExists(p);
        }
        line("mmap", left.isEmpty() ? "both sides closed cleanly: the log files are deleted"
                : "removed " + left.size() + " log file(s) left behind");
        return left.isEmpty();
    }

    private static String fileSystemOf(String mountPoint) throws IOException {
        for (String mount : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = mount.split(" ");
            if (f.length > 2 && f[1].equals(mountPoint)) {
                return f[2];
            }
        }
        return "unknown";
    }

    private void printCommands() {
        out.println("try it by hand:");
        out.println("  findmnt /dev/shm                        tmpfs: shared memory is memory, gone at reboot");
        out.println("  ls -l /dev/shm/patchbay-*               the segments there are now (0600)");
        out.println("  patchbay segments                       Patchbay's segments and owners; `segments gc` removes"
                + " a dead owner's");
        out.println("  patchbay listen mmap:orders             terminal 1: a reader on a persistent log");
        out.println("  patchbay send mmap:orders               terminal 2: type a few lines, then kill -9 it from a"
                + " third terminal");
        out.println("  ls -l " + SegmentFolders.dataFolder() + "/orders.*   the log is still there: only a clean"
                + " close of both sides deletes it");
        out.flush();
    }

    private void line(String what, String text) {
        out.printf("  %-8s  %s%n", what, text);
        out.flush();
    }
}
