package dev.patchbay.bench.harness.baseline;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The {@code idle=backoff|spin} parameter of the Agrona and Aeron baselines. Only Agrona's interface is named here,
 * so this class runs on either class path: beside Agrona's jar, or beside aeron-all's copy of it.
 */
final class AgronaIdle {
    private AgronaIdle() {
    }

    /** {@code backoff} (the default): Agrona's BackoffIdleStrategy defaults; {@code spin}: BusySpinIdleStrategy. */
    static IdleStrategy of(Address address) {
        return switch (address.param("idle", "backoff")) {
            case "backoff" -> new BackoffIdleStrategy();
            case "spin" -> new BusySpinIdleStrategy();
            default -> throw new AddressException("'" + address + "': idle must be backoff or spin");
        };
    }
}
