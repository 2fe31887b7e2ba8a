package dev.patchbay.host.verify;

import dev.patchbay.host.HostConfig;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a verification runs.
 *
 * @param builtIns     the folder whose modules the scratch host loads beside the file under test
 * @param host         link options, migration options and trust of the scratch host (its plugins folder is replaced)
 * @param checkTimeout how long any one check may take
 * @param killNotice   how soon a channel must notice a peer killed with SIGKILL
 */
public record VerifySettings(Path builtIns, HostConfig host, Duration checkTimeout, Duration killNotice) {
}
