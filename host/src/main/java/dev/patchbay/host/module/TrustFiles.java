package dev.patchbay.host.module;

import java.nio.file.Path;

/** Where the standard trust lists live. */
public final class TrustFiles {
    private TrustFiles() {
    }

    /** The distribution's list of the module files its build made; read-only to everyone but its owner. */
    public static Path builtIn() {
        return DistributionFolder.root().resolve(ModuleTrust.BUILT_IN_FILE);
    }

    /**
     * The user's own list: {@code $PATCHBAY_TRUST_LIST}, else the {@code patchbay.trust.list} system property,
     * else {@code $XDG_CONFIG_HOME/patchbay/trusted-modules.sha256} (by default under {@code ~/.config}).
     */
    public static Path user() {
        String env = System.getenv("PATCHBAY_TRUST_LIST");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        String property = System.getProperty("patchbay.trust.list");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && xdg.startsWith("/") ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("patchbay").resolve(ModuleTrust.BUILT_IN_FILE);
    }
}
