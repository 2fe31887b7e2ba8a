package dev.patchbay.host.natives;

import java.util.Map;

/** Names of the signals a crashing native module dies of, for messages. */
final class Signals {
    private static final Map<Integer, String> NAMES = Map.of(4, "SIGILL", 5, "SIGTRAP", 6, "SIGABRT", 7, "SIGBUS",
            8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM", 31, "SIGSYS");

    private Signals() {
    }

    /** {@code SIGSEGV}, or {@code signal 42} for one without a name here. */
    static String name(int signal) {
        return NAMES.getOrDefault(signal, "signal " + signal);
    }

    /** {@code SIGSEGV (signal 11)}, or {@code signal 42}. */
    static String describe(int signal) {
        return NAMES.containsKey(signal) ? NAMES.get(signal) + " (signal " + signal + ")" : "signal " + signal;
    }
}
