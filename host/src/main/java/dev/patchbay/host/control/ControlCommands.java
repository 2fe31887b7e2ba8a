package dev.patchbay.host.control;

import dev.patchbay.api.AddressException;
import dev.patchbay.host.spi.HostControl;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationException;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands a host answers on its control socket; each result row is one JSON object (docs/CONTROL.md lists
 * the fields):
 * <ul>
 *   <li>{@code channels}: one row per open channel</li>
 *   <li>{@code modules}: one row per module generation</li>
 *   <li>{@code swap <channel> <backend or address>}, {@code rollback <channel>}: the migration report</li>
 *   <li>{@code cancel <channel>}: cancels the migration under way</li>
 * </ul>
 */
final class ControlCommands {
    private final HostControl host;
    private final Map<String, MigrationReport> lastMigration = new ConcurrentHashMap<>();

    ControlCommands(HostControl host) {
        this.host = host;
        host.addListener((channel, report, target) -> lastMigration.put(channel.name(), report));
    }

    List<String> run(String line) {
        String[] words = line.split(" +");
        List<Map<String, Object>> rows = switch (words[0]) {
            case "channels" -> channels();
            case "modules" -> modules();
            case "swap" -> {
                Channel channel = channel(argument(words, 1, "channel"));
                yield report(channel, host.swap(channel.name(), argument(words, 2, "backend or address")));
            }
            case "rollback" -> {
                Channel channel = channel(argument(words, 1, "channel"));
                yield report(channel, host.rollback(channel.name()));
            }
            case "cancel" -> cancel(channel(argument(words, 1, "channel")));
            default -> throw new ControlException(ControlException.Kind.BAD_REQUEST, "unknown command '" + words[0]
                    + "'; the host knows channels, modules, swap, rollback, cancel");
        };
        return rows.stream().map(ControlJson::line).toList();
    }

    private static String argument(String[] words, int index, String what) {
        if (words.length <= index || words[index].isBlank()) {
            throw new ControlException(ControlException.Kind.BAD_REQUEST, words[0] + " needs a " + what);
        }
        return words[index];
    }

    private Channel channel(String name) {
        try {
            return host.channel(name);
        } catch (AddressException e) {
            throw new ControlException(ControlException.Kind.NO_SUCH_CHANNEL, e.getMessage());
        }
    }

    private List<Map<String, Object>> channels() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Channel c : host.channels().stream().sorted(Comparator.comparing(Channel::name)).toList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("state", c.state().toString());
            row.put("role", host.initiates(c) ? "listen" : "connect");
            row.put("backend", c.transport().transport().scheme());
            row.put("module", c.transport().module().label());
            row.put("generation", c.transport().module().info().generation());
            row.put("address", c.link().address().toString());
            // Only links that name their peer's process carry it (pipe:child?pid=...); others say nothing yet.
            c.link().address().param("pid").ifPresent(pid -> row.put("peerPid", pid));
            row.put("sent", c.counters().messagesSent());
            row.put("received", c.counters().messagesReceived());
            row.put("bytesSent", c.counters().bytesSent());
            row.put("bytesReceived", c.counters().bytesReceived());
            row.put("migrations", c.counters().migrationsCommitted());
            MigrationReport last = lastMigration.get(c.name());
            if (last != null) {
                row.put("lastMigration", last.outcome().toString());
                row.put("lastPauseMs", last.switchNanos() / 1e6);
            }
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> modules() {
        List<Channel> channels = host.channels();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BackendModule module : host.modules().modules()) {
            ModuleInfo info = module.info();
            List<String> users = channels.stream()
                    .filter(c -> c.transportsInUse().stream().anyMatch(r -> r.module() == module))
                    .map(Channel::name).sorted().toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("generation", info.generation());
            row.put("id", info.id());
            row.put("version", info.version());
            row.put("kind", info.kind());
            row.put("state", info.state().toString());
            row.put("schemes", info.schemes());
            row.put("sha256", info.sha256());
            row.put("channels", users);
            row.put("cause", info.cause());
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> cancel(Channel channel) {
        if (!channel.state().inTransition()) {
            throw new ControlException(ControlException.Kind.NOTHING_TO_DO, "channel " + channel.name()
                    + " has no migration under way (it is " + channel.state() + "); nothing to cancel");
        }
        channel.cancelMigration();
        return List.of();
    }

    private static List<Map<String, Object>> report(Channel channel, MigrationReport report) {
        if (report.outcome() != MigrationOutcome.COMMITTED) {
            String address = channel.link().address().toString();
            String hint = report.reason().contains("busy with another migration") && address.startsWith("pipe:child")
                    ? "; " + address + " is a plain program, not a Patchbay host (it echoed the request back):"
                    + " a channel to it cannot move"
                    : "";
            throw new MigrationException(report + hint);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("channel", report.channel());
        row.put("id", report.id());
        row.put("from", report.from());
        row.put("to", report.to());
        row.put("outcome", report.outcome().toString());
        row.put("prepareMs", report.prepareNanos() / 1e6);
        row.put("switchMs", report.switchNanos() / 1e6);
        row.put("totalMs", report.totalNanos() / 1e6);
        row.put("text", report.toString());
        return List.of(row);
    }
}
