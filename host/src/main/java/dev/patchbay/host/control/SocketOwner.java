package dev.patchbay.host.control;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The check a CLI command makes before it writes a command into a control socket: the process at the other end runs
 * as this user. The socket's folder is this user's (0700), but the kernel's word on the connected process
 * ({@code SO_PEERCRED}) is what cannot be forged by whoever made the file.
 */
final class SocketOwner {
    private SocketOwner() {
    }

    /** Refuses {@code channel}, connected to {@code socket}, unless its peer runs as the owner of our folder. */
    static void requireSameUser(SocketChannel channel, Path socket) throws IOException {
        UserPrincipal me = Files.getOwner(HostDirectory.folder(), LinkOption.NOFOLLOW_LINKS);
        require(channel.getOption(ExtendedSocketOptions.SO_PEERCRED), me, socket);
    }

    static void require(UnixDomainPrincipal peer, UserPrincipal me, Path socket) {
        if (!peer.user().equals(me)) {
            throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, "control socket " + socket + " is served by a"
                    + " process of user " + peer.user().getName() + ", not by you (" + me.getName() + "); no command"
                    + " was sent: remove the socket, or name your own host with --host PID");
        }
    }
}
