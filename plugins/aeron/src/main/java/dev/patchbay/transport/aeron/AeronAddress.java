package dev.patchbay.transport.aeron;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an {@code aeron:} address says, resolved for one side.
 *
 * <ul>
 *   <li>{@code aeron:udp?endpoint=A:PA&control=B:PB}: two machines. {@code endpoint} is where the listening side
 *       receives (the connector publishes to it), {@code control} where the connecting side receives (the listener
 *       publishes to it). Both sides are given the same address, so each knows both endpoints before it starts:
 *       nothing is exchanged on the wire but Aeron's own setup.</li>
 *   <li>{@code aeron:<name>}: one machine, over loopback. The listener picks two free ports and writes them to
 *       {@code <runtime>/aeron/<name>.ports} (0600), where the connector reads them.</li>
 *   <li>{@code aeron:ipc?stream=N}: Aeron IPC, which needs both sides on one media driver: an external one
 *       ({@code aeron.dir=}), or the embedded one when both ends are in one process.</li>
 * </ul>
 *
 * <p>Hosts are IPv4 literals (or {@code localhost}): a name would mean a DNS lookup, and traffic nowhere but where
 * the address says.
 */
record AeronAddress(Address address, Kind kind, String listenerEndpoint, String connectorEndpoint, int streamId,
                    Optional<Path> externalDriver, Optional<Rendezvous> rendezvous) {

    /** The parameters an {@code aeron:} address may carry, besides every address's own. */
    static final Set<String> PARAMETERS = Set.of("endpoint", "control", "stream", "aeron.dir");

    /** Stream of the listener's publication; the connector's is one less. Any value works if both sides agree. */
    static final int DEFAULT_STREAM = 1_700;

    private static final Pattern ENDPOINT = Pattern.compile("(localhost|\\d{1,3}(\\.\\d{1,3}){3}):(\\d{1,5})");

    enum Kind {
        UDP,
        IPC
    }

    static AeronAddress forListener(Address address) {
        return resolve(address, null);
    }

    static AeronAddress forConnector(Address address, Duration openTimeout) {
        return resolve(address, openTimeout);
    }

    /** {@code connectorWait} null: the listener, who picks ports for a named address; else how long to wait. */
    private static AeronAddress resolve(Address address, Duration connectorWait) {
        address.requireKnownParams(PARAMETERS);
        Optional<Path> driver = address.param("aeron.dir").filter(s -> !s.isEmpty()).map(Path::of)
                .or(() -> Optional.ofNullable(System.getProperty("aeron.dir")).map(Path::of));
        int stream = (int) address.longParam("stream", DEFAULT_STREAM);
        switch (address.name()) {
            case "ipc" -> {
                refuse(address, "endpoint");
                refuse(address, "control");
                return new AeronAddress(address, Kind.IPC, "", "", stream, driver, Optional.empty());
            }
            case "udp" -> {
                String endpoint = endpoint(address, "endpoint");
                String control = endpoint(address, "control");
                if (endpoint.equals(control)) {
                    throw new AddressException(address + ": endpoint and control must differ: each side receives"
                            + " on its own");
                }
                return new AeronAddress(address, Kind.UDP, endpoint, control, stream, driver, Optional.empty());
            }
            default -> {
                refuse(address, "endpoint");
                refuse(address, "control");
                address.plainName();
                Rendezvous r = connectorWait == null ? Rendezvous.create(address) : Rendezvous.await(address,
                        connectorWait);
                return new AeronAddress(address, Kind.UDP, "127.0.0.1:" + r.listenerPort(),
                        "127.0.0.1:" + r.connectorPort(), stream, driver, Optional.of(r));
            }
        }
    }

    private static void refuse(Address address, String key) {
        if (address.param(key).isPresent()) {
            throw new AddressException(address + ": '" + key + "=' belongs to aeron:udp addresses; write"
                    + " aeron:udp?endpoint=HOST:PORT&control=HOST:PORT");
        }
    }

    private static String endpoint(Address address, String key) {
        String value = address.param(key).orElseThrow(() -> new AddressException(address + " needs " + key
                + "=HOST:PORT; aeron:udp?endpoint=<listener's HOST:PORT>&control=<connector's HOST:PORT>"));
        var m = ENDPOINT.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(3)) == 0 || Integer.parseInt(m.group(3)) > 65_535) {
            throw new AddressException(address + ": " + key + "=" + value + " is not an IPv4 HOST:PORT with a port"
                    + " from 1 to 65535");
        }
        return value;
    }

    /** The channel this side subscribes to: its own endpoint. */
    String subscribeChannel(Side side) {
        if (kind == Kind.IPC) {
            return "aeron:ipc";
        }
        return "aeron:udp?endpoint=" + (side == Side.LISTENER ? listenerEndpoint : connectorEndpoint);
    }

    /** The channel this side publishes on: the other side's endpoint, with terms large enough for its messages. */
    String publishChannel(Side side, int termLength) {
        String media = kind == Kind.IPC ? "aeron:ipc?"
                : "aeron:udp?endpoint=" + (side == Side.LISTENER ? connectorEndpoint : listenerEndpoint) + "|";
        return media + "term-length=" + termLength;
    }

    int subscribeStream(Side side) {
        return side == Side.LISTENER ? streamId - 1 : streamId;
    }

    int publishStream(Side side) {
        return side == Side.LISTENER ? streamId : streamId - 1;
    }
}
