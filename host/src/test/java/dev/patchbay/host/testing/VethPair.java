package dev.patchbay.host.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A second "machine" for network tests: a network namespace of its own, {@code pbtest-<pid>}, joined to this one by a
 * veth pair {@code pbt<pid>a} (here, {@code 10.231.N.1/30}) and {@code pbt<pid>b} (there, {@code 10.231.N.2/30}).
 * Deleting the namespace deletes the pair; the pid in the names lets a later run remove what a killed one left.
 */
public final class VethPair implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VethPair.class);
    private static final String PREFIX = "pbtest-";
    private static final long COMMAND_SECONDS = 20;

    private final String namespace;
    private final String here;
    private final String subnet;

    private VethPair(long pid) {
        this.namespace = PREFIX + pid;
        this.here = "pbt" + pid + "a";
        this.subnet = "10.231." + (pid % 250 + 1) + ".";
    }

    /** The pair, or empty with the reason logged when this machine cannot make one (not root, no {@code ip}). */
    public static Optional<VethPair> create(List<String> whyNot) {
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        VethPair pair = new VethPair(pid);
        String there = "pbt" + pid + "b";
        try {
            run("ip", "netns", "add", pair.namespace);
            run("ip", "link", "add", pair.here, "type", "veth", "peer", "name", there);
            run("ip", "link", "set", there, "netns", pair.namespace);
            run("ip", "addr", "add", pair.hostAddress() + "/30", "dev", pair.here);
            run("ip", "link", "set", pair.here, "up");
            run("ip", "netns", "exec", pair.namespace, "ip", "addr", "add", pair.peerAddress() + "/30", "dev", there);
            run("ip", "netns", "exec", pair.namespace, "ip", "link", "set", there, "up");
            run("ip", "netns", "exec", pair.namespace, "ip", "link", "set", "lo", "up");
            return Optional.of(pair);
        } catch (IOException | RuntimeException e) {
            pair.close();
            whyNot.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** This side's address on the pair. */
    public String hostAddress() {
        return subnet + "1";
    }

    /** The namespace's address on the pair. */
    public String peerAddress() {
        return subnet + "2";
    }

    /** {@code command} run inside the namespace. */
    public List<String> inNamespace(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(command);
        return all;
    }

    /** {@code command} as a /bin/sh line run inside the namespace (the line must start with {@code exec }). */
    public String inNamespace(String shellLine) {
        if (!shellLine.startsWith("exec ")) {
            throw new IllegalArgumentException("not an exec line: " + shellLine);
        }
        return "exec ip netns exec " + namespace + " " + shellLine.substring("exec ".length());
    }

    /**
     * Puts {@code netem} loss and delay on both ends of the pair; false (with the reason added to {@code whyNot})
     * when the kernel has no {@code sch_netem}.
     */
    public boolean impair(String lossPercent, String delay, List<String> whyNot) {
        try {
            run("tc", "qdisc", "add", "dev", here, "root", "netem", "loss", lossPercent, "delay", delay);
            run("ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev", "pbt" + ProcessHandle.current().pid()
                    + "b", "root", "netem", "loss", lossPercent, "delay", delay);
            return true;
        } catch (IOException | RuntimeException e) {
            whyNot.add(e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        delete(namespace, here);
    }

    private static void delete(String namespace, String link) {
        try {
            run("ip", "netns", "delete", namespace);
        } catch (IOException | RuntimeException e) {
            LOG.debug("no namespace {} to delete: {}", namespace, e.getMessage());
        }
        try {
            run("ip", "link", "delete", link);
        } catch (IOException | RuntimeException e) {
            // Gone with the namespace, as it should be.
        }
    }

    /** Deletes the namespaces (and their pairs) of test runs whose process is gone. */
    private static void removeLeftovers() {
        String list;
        try {
            list = run("ip", "netns", "list");
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (String line : list.split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith(PREFIX) && name.substring(PREFIX.length()).chars().allMatch(Character::isDigit)
                    && name.length() > PREFIX.length()) {
                long pid = Long.parseLong(name.substring(PREFIX.length()));
                if (ProcessHandle.of(pid).isEmpty()) {
                    LOG.info("removing network namespace {} left behind by test process {}", name, pid);
                    delete(name, "pbt" + pid + "a");
                }
            }
        }
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
        return output;
    }
}
