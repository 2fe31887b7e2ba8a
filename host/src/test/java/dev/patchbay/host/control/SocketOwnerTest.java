package dev.patchbay.host.control;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A control socket served by another user's process gets no command; one of ours does. */
class SocketOwnerTest {
    private final UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();

    @Test
    void aSocketServedByAnotherUserIsRefusedByName() throws IOException {
        UserPrincipal me = Files.getOwner(HostDirectory.folder());
        UserPrincipal nobody = users.lookupPrincipalByName("nobody");
        GroupPrincipal group = users.lookupPrincipalByGroupName("nogroup");
        Path socket = HostDirectory.socketOf(4242);

        assertThatThrownBy(() -> SocketOwner.require(new UnixDomainPrincipal(nobody, group), me, socket))
                .isInstanceOfSatisfying(PatchbayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN_OBJECT))
                .hasMessageContaining("control socket " + socket)
                .hasMessageContaining("user nobody")
                .hasMessageContaining("no command was sent");
        assertThatCode(() -> SocketOwner.require(new UnixDomainPrincipal(me, group), me, socket))
                .doesNotThrowAnyException();
    }
}
