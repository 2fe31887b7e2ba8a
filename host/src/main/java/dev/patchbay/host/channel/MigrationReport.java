package dev.patchbay.host.channel;

/**
 * What a migration did, for the audit log, the demo and the soak figures.
 *
 * @param channel     the channel's name
 * @param id          the migration's number within the channel
 * @param from        the link (and module) before
 * @param to          the link (and module) it tried to reach
 * @param outcome     how it ended
 * @param reason      why it was aborted or rolled back; empty when committed
 * @param prepareNanos from the start to both sides holding the new link
 * @param switchNanos from sending SWITCH to receiving the peer's SWITCH: the pause the channel saw (0 if it never
 *                    switched)
 * @param totalNanos  from the start to the end, health window included
 * @param phases      when each phase was reached on this side, to explain a pause
 */
public record MigrationReport(String channel, long id, String from, String to, MigrationOutcome outcome, String reason,
                              long prepareNanos, long switchNanos, long totalNanos, MigrationPhases phases) {

    /** A report without phases. */
    public MigrationReport(String channel, long id, String from, String to, MigrationOutcome outcome, String reason,
                           long prepareNanos, long switchNanos, long totalNanos) {
        this(channel, id, from, to, outcome, reason, prepareNanos, switchNanos, totalNanos, MigrationPhases.NONE);
    }

    /** One line: {@code c1 #3 fifo:a (fifo@1.0.0) -> shm:b (shm@1.0.0) COMMITTED switch 0.21 ms ...}. */
    @Override
    public String toString() {
        return String.format("%s #%d %s -> %s %s: prepare %.2f ms, switch %.3f ms, total %.1f ms [%s]%s", channel,
                id, from, to, outcome, prepareNanos / 1e6, switchNanos / 1e6, totalNanos / 1e6, phases,
                reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
