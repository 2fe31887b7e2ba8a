package dev.patchbay.host.cli;

import dev.patchbay.api.ApiVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code patchbay --version}: the host version and the plugin API it accepts. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"patchbay " + (version == null ? "(development build)" : version),
                "plugin API " + ApiVersion.CURRENT + " (accepts plugins built for " + ApiVersion.CURRENT.acceptedRange()
                        + ")"};
    }
}
