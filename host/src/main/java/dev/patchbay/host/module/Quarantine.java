package dev.patchbay.host.module;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The module files rejected by hosts on one plugins folder, kept in {@code <plugins>/.quarantine} so that a host
 * started later does not load a patch that an earlier one rolled back. One entry a line:
 * {@code sha256 TAB time TAB file name TAB reason}. The file is read on every question, so that a release made by
 * another process counts at once, and replaced whole (0600) on every change. Where the folder cannot be written the
 * entries are kept in memory, for this process only.
 */
public final class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    /** The file's name in the plugins folder. */
    public static final String FILE_NAME = ".quarantine";

    private final Path file;
    private final Map<String, QuarantineEntry> inMemory = new LinkedHashMap<>();
    private boolean warnedUnwritable;
    /** The garbled lines already warned about, so that a bad line is reported once and not on every load. */
    private final List<String> warnedLines = new ArrayList<>();

    public Quarantine(Path pluginsDir) {
        this.file = pluginsDir.toAbsolutePath().normalize().resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** Every entry, from the file and from memory. */
    public synchronized List<QuarantineEntry> entries() {
        Map<String, QuarantineEntry> all = new LinkedHashMap<>(read());
        inMemory.forEach(all::putIfAbsent);
        return List.copyOf(all.values());
    }

    /** The entry for this content, if it is quarantined. */
    public Optional<QuarantineEntry> find(String sha256) {
        return entries().stream().filter(e -> e.sha256().equals(sha256)).findFirst();
    }

    /** Quarantines {@code sha256}, or updates the reason it is quarantined for. */
    public synchronized QuarantineEntry add(String sha256, String fileName, String reason) {
        QuarantineEntry entry = new QuarantineEntry(sha256, oneLine(fileName), Instant.now(), oneLine(reason));
        Map<String, QuarantineEntry> entries = read();
        entries.put(sha256, entry);
        try {
            write(entries);
        } catch (IOException e) {
            inMemory.put(sha256, entry);
            if (!warnedUnwritable) {
                warnedUnwritable = true;
                LOG.warn("cannot write {} ({}): rejected modules are quarantined in this process only", file,
                        e.toString());
            }
        }
        return entry;
    }

    /**
     * Releases the entries {@code what} names: a SHA-256 or a prefix of one (hex), or the name of a quarantined
     * file.
     *
     * @return the entries released; empty if none matched
     * @throws ModuleException if the file cannot be rewritten, or a prefix names more than one entry
     */
    public synchronized List<QuarantineEntry> release(String what) {
        String hex = what.toLowerCase(Locale.ROOT);
        Predicate<QuarantineEntry> byName = e -> e.file().equals(what);
        Predicate<QuarantineEntry> bySum = e -> hex.matches("[0-9a-f]{4,64}") && e.sha256().startsWith(hex);
        List<QuarantineEntry> matched = entries().stream().filter(byName.or(bySum)).toList();
        if (matched.stream().map(QuarantineEntry::sha256).distinct().count() > 1 && !matched.stream().allMatch(byName)) {
            throw new ModuleException(what + " matches " + matched.size() + " quarantined files; give more of the"
                    + " SHA-256");
        }
        if (matched.isEmpty()) {
            return matched;
        }
        Map<String, QuarantineEntry> entries = read();
        matched.forEach(e -> {
            entries.remove(e.sha256());
            inMemory.remove(e.sha256());
        });
        try {
            write(entries);
        } catch (IOException e) {
            throw new ModuleException("cannot update " + file + ": " + e, e);
        }
        return matched;
    }

    private Map<String, QuarantineEntry> read() {
        Map<String, QuarantineEntry> entries = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return entries;
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Optional<QuarantineEntry> entry = parse(line);
            if (entry.isPresent()) {
                entries.put(entry.get().sha256(), entry.get());
            } else if (!warnedLines.contains(line)) {
                warnedLines.add(line);
                // Shown tamed: the file may hold anything, and the log is read on terminals.
                String shown = (line.length() > 80 ? line.substring(0, 80) : line).replaceAll("\\p{Cntrl}", "?");
                LOG.warn("ignoring a garbled line in {}: {}", file, shown);
            }
        }
        return entries;
    }

    private static Optional<QuarantineEntry> parse(String line) {
        String[] fields = line.split("\t", 4);
        if (fields.length != 4 || !fields[0].matches("[0-9a-f]{64}") || fields[2].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new QuarantineEntry(fields[0], fields[2], Instant.parse(fields[1]), fields[3]));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private void write(Map<String, QuarantineEntry> entries) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Module files rejected by a host; release one with: patchbay plugins release FILE|SHA256");
        for (QuarantineEntry e : entries.values()) {
            lines.add(e.sha256() + "\t" + e.at() + "\t" + e.file() + "\t" + e.reason());
        }
        PrivateTextFile.replace(file, lines);
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ").strip();
    }
}
