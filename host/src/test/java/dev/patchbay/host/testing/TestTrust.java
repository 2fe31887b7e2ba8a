package dev.patchbay.host.testing;

import dev.patchbay.host.module.TrustFiles;
import dev.patchbay.host.module.TrustListFile;

import java.nio.file.Path;

/**
 * Trusts module files a test wrote on purpose (a jar with a changed manifest, a plugin that hangs), as a user would
 * with {@code patchbay plugins trust}: in the test run's own trust list, so the test sees the failure it is about
 * rather than a refusal. Hosts and peers started by tests read that list (the {@code patchbay.trust.list} property).
 */
public final class TestTrust {
    private TestTrust() {
    }

    public static Path trust(Path module) {
        new TrustListFile(TrustFiles.user()).add(module);
        return module;
    }
}
