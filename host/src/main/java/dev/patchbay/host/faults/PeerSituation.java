package dev.patchbay.host.faults;

/** Where a peer is when it is killed, and how the suite gets it there. */
enum PeerSituation {
    IDLE("idle", "no traffic, nobody receiving: the host's agents notice for the application; the channel is first"
            + " moved to the round's backend (pipe, fifo, shm, nshm in turn)"),
    TRAFFIC("traffic", "messages flowing both ways at --rate, on the round's backend (pipe, fifo, shm, nshm in"
            + " turn)"),
    PREPARING("preparing", "a swap to fifo started while the peer was frozen (SIGSTOP) so that it never answers"
            + " PREPARE; killed once the channel is in PREPARING (open/ready phase)"),
    SWITCHING("switching", "the peer is frozen just before our SWITCH is written to the old link and killed right"
            + " after (a wrapper around the first link sees the SWITCH frame): we are in SWITCHING, waiting for its"
            + " SWITCH (switch/drain phase)"),
    PROBATION("probation", "killed once the channel is on the new link in its health window (60 s here), before"
            + " COMMIT (commit phase)"),
    FALLING_BACK("falling-back", "in the health window the peer is frozen and the migration cancelled, so that we"
            + " fall back and wait for its RESUME; then killed (fallback)");

    private final String label;
    private final String how;

    PeerSituation(String label, String how) {
        this.label = label;
        this.how = how;
    }

    String label() {
        return label;
    }

    /** How the kill was aimed at this situation, for the report. */
    String how() {
        return how;
    }

    /** True for the situations inside a migration. */
    boolean migrating() {
        return this != IDLE && this != TRAFFIC;
    }
}
