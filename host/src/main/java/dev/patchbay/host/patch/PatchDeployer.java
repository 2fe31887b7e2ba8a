package dev.patchbay.host.patch;

import dev.patchbay.host.spi.HostControl;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.ModuleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Deploys one jar: verify (pin list, through the registry; descriptor, API version, start, a Transport), load it
 * beside the generation in use, move the channels this host leads onto it, and reject it if any of that fails. The
 * generation it replaces is retired only once every channel has committed to the new one.
 */
public final class PatchDeployer {
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.patchbay.audit");

    private final HostControl host;

    public PatchDeployer(HostControl host) {
        this.host = host;
    }

    /** Deploys {@code file}; null if its content is already loaded (nothing to do). */
    public PatchResult deploy(Path file) {
        String sha;
        try {
            sha = ModuleFiles.sha256(file);
        } catch (IOException e) {
            return rejected(file, file.getFileName().toString(), "cannot read " + file + ": " + e.getMessage());
        }
        if (host.modules().knows(sha)) {
            return null;
        }
        // The registry checks the pin list and the quarantine: a refused file comes back FAILED or QUARANTINED
        // with the reason.
        BackendModule module = host.modules().loadUnlessQuarantined(file);
        if (module.state() != ModuleState.STARTED) {
            return rejected(file, module.label(), module.info().cause());
        }
        AUDIT.info("patch {} loaded as generation {} from {}", module.label(), module.generation(), file);
        RollingMove move = new RollingMove(host, module);
        List<MigrationReport> migrations = move.run();
        String failure = move.failure();
        if (!failure.isEmpty()) {
            host.reject(module, "patch rolled back (" + failure + ")");
            return result(file, module.label(), false, failure, migrations, move.switched());
        }
        host.retireUnused();
        return result(file, module.label(), true, "", migrations, move.switched());
    }

    private static PatchResult rejected(Path file, String module, String why) {
        return result(file, module, false, why, List.of(), Duration.ZERO);
    }

    private static PatchResult result(Path file, String module, boolean deployed, String why,
                                      List<MigrationReport> migrations, Duration switched) {
        if (deployed) {
            AUDIT.info("patch {} deployed from {}: {} channel(s) moved", module, file, migrations.size());
        } else {
            AUDIT.warn("patch {} from {} rejected: {}", module, file, why);
        }
        return new PatchResult(file, module, deployed, why, migrations, switched);
    }
}
