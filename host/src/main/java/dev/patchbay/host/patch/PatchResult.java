package dev.patchbay.host.patch;

import dev.patchbay.host.channel.MigrationReport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What deploying one file did.
 *
 * @param file       the file in the plugins folder
 * @param module     {@code id@version}, or the file name if it never loaded
 * @param deployed   true when the new generation is in use (or ready for new channels); false when rejected
 * @param reason     why it was rejected; empty when deployed
 * @param migrations the channel migrations it caused, in order
 * @param switched   how long until every channel moved wrote on its new link (the last ones then still in their
 *                   health windows); zero if none moved
 */
public record PatchResult(Path file, String module, boolean deployed, String reason,
                          List<MigrationReport> migrations, Duration switched) {
}
