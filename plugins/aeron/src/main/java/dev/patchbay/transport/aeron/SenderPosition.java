package dev.patchbay.transport.aeron;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.status.SenderPos;
import org.agrona.concurrent.status.CountersReader;

/**
 * How far the media driver has sent a publication's stream onto the network: its {@code snd-pos} counter. IPC
 * publications have none (the reader reads the log itself); their position counts as sent.
 */
final class SenderPosition {
    private SenderPosition() {
    }

    static long of(Aeron aeron, Publication publication) {
        CountersReader counters = aeron.countersReader();
        long[] found = {publication.position()};
        counters.forEach((counterId, typeId, key, label) -> {
            if (typeId == SenderPos.SENDER_POSITION_TYPE_ID && key.getLong(0) == publication.registrationId()) {
                found[0] = counters.getCounterValue(counterId);
            }
        });
        return found[0];
    }
}
