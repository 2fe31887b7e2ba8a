package dev.patchbay.host.control;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The commands a host answers on its control socket. Results are tab-separated columns (the CLI lays them out):
 * <ul>
 *   <li>{@code channels}: name, state, backend, module, address, sent, received, migrations</li>
 *   <li>{@code modules}: generation, id, version, state, schemes, sha256, channels using it, cause</li>
 *   <li>{@code swap <channel> <backend or address>}, {@code rollback <channel>}: the migration report</li>
 *   <li>{@code cancel <channel>}: cancels a migration under way</li>
 * </ul>
 */
final class ControlCommands {
    private final Patchbay host;

    ControlCommands(Patchbay host) {
        this.host = host;
    }

    List<String> run(String line) {
        String[] words = line.split(" ");
        return switch (words[0]) {
            case "channels" -> channels();
            case "modules" -> modules();
            case "swap" -> report(host.swap(argument(words, 1, "channel"), argument(words, 2, "backend or address")));
            case "rollback" -> report(host.rollback(argument(words, 1, "channel")));
            case "cancel" -> {
                host.channel(argument(words, 1, "channel")).cancelMigration();
                yield List.of();
            }
            default -> throw new IllegalArgumentException("unknown command '" + words[0]
                    + "'; the host knows channels, modules, swap, rollback, cancel");
        };
    }

    private static String argument(String[] words, int index, String what) {
        if (words.length <= index || words[index].isBlank()) {
            throw new IllegalArgumentException(words[0] + " needs a " + what);
        }
        return words[index];
    }

    private List<String> channels() {
        List<String> lines = new ArrayList<>();
        for (Channel c : host.channels().stream().sorted(Comparator.comparing(Channel::name)).toList()) {
            lines.add(String.join("\t", c.name(), c.state().toString(), c.transport().transport().scheme(),
                    c.transport().module().label(), c.link().address().toString(),
                    Long.toString(c.counters().messagesSent()), Long.toString(c.counters().messagesReceived()),
                    Long.toString(c.counters().migrationsCommitted())));
        }
        return lines;
    }

    private List<String> modules() {
        List<Channel> channels = host.channels();
        List<String> lines = new ArrayList<>();
        for (BackendModule module : host.modules().modules()) {
            ModuleInfo info = module.info();
            String users = channels.stream()
                    .filter(c -> c.transportsInUse().stream().anyMatch(r -> r.module() == module))
                    .map(Channel::name).sorted().collect(Collectors.joining(","));
            lines.add(String.join("\t", Long.toString(info.generation()), info.id(), info.version(),
                    info.state().toString(), String.join(",", info.schemes()), info.sha256(),
                    users.isEmpty() ? "-" : users, info.cause()));
        }
        return lines;
    }

    private static List<String> report(MigrationReport report) {
        if (report.outcome() != MigrationOutcome.COMMITTED) {
            throw new IllegalArgumentException(report.outcome() + ": " + report);
        }
        return List.of(report.toString());
    }
}
