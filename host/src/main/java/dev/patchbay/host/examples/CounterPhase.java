package dev.patchbay.host.examples;

/** The three rounds of the counter lesson. */
public enum CounterPhase {
    /** Read, add one, write back, with no lock: processes overwrite each other's updates. */
    UNLOCKED("no lock"),
    /** The same under the struct's robust mutex: exact. */
    LOCKED("robust lock"),
    /** Under the mutex, with one process killed (SIGKILL) while it holds it: the others recover, still exact. */
    HOLDER_KILLED("holder killed");

    private final String label;

    CounterPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
