package dev.patchbay.host.cli;

import dev.patchbay.api.ApiVersion;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code patchbay --version}: the host version (written by the build) and the plugin API it accepts. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"patchbay " + version(),
                "plugin API " + ApiVersion.CURRENT + " (accepts plugins built for " + ApiVersion.CURRENT.acceptedRange()
                        + ")",
                "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")};
    }

    /** The jar manifest's Implementation-Version, else the version the build wrote beside the classes. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
