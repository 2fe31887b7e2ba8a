package dev.patchbay.host.demo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --add-exports} and {@code --add-opens} this JVM was started with, for the peers it starts: a module that
 * needs one (Aeron's Agrona reads through {@code jdk.internal.misc}) must find it on both sides of a link, or the
 * peer refuses a migration this host offers.
 */
final class ModuleAccessFlags {
    private static final List<String> PASSED_ON = List.of("--add-exports", "--add-opens");

    private ModuleAccessFlags() {
    }

    static List<String> ofThisJvm() {
        List<String> flags = new ArrayList<>();
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            for (String flag : PASSED_ON) {
                if (argument.startsWith(flag + "=")) {
                    flags.add(argument);
                } else if (argument.equals(flag) && i + 1 < arguments.size()) {
                    flags.add(argument + "=" + arguments.get(++i));
                }
            }
        }
        return flags;
    }
}
