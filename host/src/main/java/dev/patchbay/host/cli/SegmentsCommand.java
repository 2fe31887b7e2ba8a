package dev.patchbay.host.cli;

import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.janitor.Janitor;
import dev.patchbay.sharedmem.janitor.Resource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code patchbay segments list|rm|gc}: the ipcs/ipcrm of Patchbay's own operating-system objects. */
@Command(name = "segments", description = {"List Patchbay's shared-memory segments (POSIX and System V), fifos,"
        + " mapped files, named semaphores, control sockets and demo plugin copies with their owner, and remove what"
        + " dead processes left behind.",
        "  list        everything found: kind, name, size, owner pid, owner alive?, where",
        "  rm NAME     remove the objects called NAME (refused while their owner lives, unless --force)",
        "  gc          remove every leftover of a dead owner (never what is not provably ours), segments left"
                + " without a header for 30 s, and one-off migration logs of dead hosts"},
        footerHeading = "%nExamples:%n", footer = {"  patchbay segments", "  patchbay segments gc",
                "  patchbay segments rm orders --force", "  patchbay segments list -o json"})
final class SegmentsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, rm or gc (default list).",
            defaultValue = "list")
    String action;

    @Parameters(index = "1", paramLabel = "NAME", arity = "0..1", description = "For rm: the name.")
    String name;

    @Option(names = "--force", description = "rm: also remove what a live process owns or what is not ours.")
    boolean force;

    @Mixin
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Janitor janitor = new Janitor();
        try {
            switch (action) {
                case "list" -> print(out, janitor.list());
                case "gc" -> {
                    List<Resource> removed = janitor.gc();
                    if (output.json()) {
                        print(out, removed);
                        return ExitStatus.OK;
                    }
                    out.println(removed.isEmpty() ? "nothing left behind by dead processes" : "removed:");
                    print(out, removed);
                }
                case "rm" -> {
                    if (name == null) {
                        throw new IllegalArgumentException("segments rm needs the NAME of what to remove");
                    }
                    List<Resource> removed = janitor.remove(name, force);
                    if (removed.isEmpty()) {
                        throw new IllegalArgumentException("nothing called '" + name + "' here (see: patchbay"
                                + " segments list)");
                    }
                    if (!output.json()) {
                        out.println("removed:");
                    }
                    print(out, removed);
                }
                default -> throw new IllegalArgumentException("unknown action '" + action + "': use list, rm or gc");
            }
        } catch (SharedMemException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("patchbay: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private void print(PrintWriter out, List<Resource> resources) {
        if (output.json()) {
            OutputFormat.printJson(out, resources.stream().map(SegmentsCommand::json).toList());
            return;
        }
        if (resources.isEmpty()) {
            return;
        }
        Table table = new Table("KIND", "NAME", "SIZE", "OWNER", "ALIVE", "OURS", "WHERE");
        for (Resource r : resources) {
            table.row(r.kind(), r.name(), r.size(), r.ownerPid() < 0 ? "?" : r.ownerPid(),
                    r.ownerAlive() ? "yes" : "no", ours(r), r.location());
        }
        table.print(out);
    }

    private static String ours(Resource r) {
        if (r.unfinished()) {
            return "unfinished (no header)";
        }
        if (!r.ours()) {
            return "no";
        }
        return r.oneOff() ? "yes (one-off)" : r.persistent() ? "yes (persistent)" : "yes";
    }

    private static Map<String, Object> json(Resource r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", String.valueOf(r.kind()));
        row.put("name", r.name());
        row.put("size", r.size());
        row.put("ownerPid", r.ownerPid());
        row.put("ownerAlive", r.ownerAlive());
        row.put("ours", r.ours());
        row.put("persistent", r.persistent());
        row.put("unfinished", r.unfinished());
        row.put("oneOff", r.oneOff());
        row.put("location", String.valueOf(r.location()));
        return row;
    }
}
