package dev.patchbay.transport.aeron;

import dev.patchbay.api.Address;

/**
 * The contract suite over {@code aeron:udp?endpoint=...&control=...}, the form used between machines: nothing but
 * Aeron tells a side that its peer is gone (no process identity), so a killed peer is reported by Aeron's liveness
 * timeouts, within the second the suite allows.
 */
class AeronUdpContractTest extends AeronContractTest {

    @Override
    protected Address newAddress() throws Exception {
        return Address.parse(LoopbackPorts.udpAddress());
    }
}
