package dev.patchbay.host;

import dev.patchbay.api.Address;
import dev.patchbay.host.channel.MigrationException;

/**
 * Which addresses a peer may ask this host to connect to in a PREPARE. A peer is another process, perhaps another
 * program: it may move a channel between backends, but it must not make this host run a command, take over its
 * standard streams, or open a file outside this host's own folders. Addresses the host chooses for its own
 * migrations ({@link MigrationTargets}) always pass.
 */
final class PeerAddressPolicy {
    /** The one pipe address a peer-initiated migration needs: the pipes its {@code pipe:anon} listener made. */
    private static final String PIPE_OF_PEER = "proc";

    private PeerAddressPolicy() {
    }

    /**
     * Refuses an address that spawns something or names something outside this host's folders.
     *
     * @throws MigrationException whose message is the REFUSE reason the peer reads
     */
    static void check(Address address) {
        String refusal = refusal(address);
        if (refusal != null) {
            throw new MigrationException("this host does not connect to '" + address + "' for a peer: " + refusal
                    + "; a peer may only name a fresh meeting point by a plain name");
        }
    }

    /** Why {@code address} is refused, or null if a peer may name it. */
    static String refusal(Address address) {
        if (address.param("exec").isPresent()) {
            return "its exec= parameter would make this host run a command";
        }
        String name = address.name();
        if (address.scheme().equals("pipe") && !name.equals(PIPE_OF_PEER)) {
            return name.equals("child") ? "pipe:child spawns a process"
                    : "pipe:" + name + " is not the pipe:proc address of a peer's pipe:anon listener";
        }
        if (name.startsWith("/")) {
            return "an absolute name points outside this host's folders";
        }
        for (var param : address.params().entrySet()) {
            // A folder to open is this host's own choice (aeron.dir=: each host names its own media driver).
            if (param.getValue().startsWith("/")) {
                return "its " + param.getKey() + "= parameter names a path outside this host's folders";
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "a '..' in the name points outside this host's folders";
            }
        }
        return null;
    }
}
