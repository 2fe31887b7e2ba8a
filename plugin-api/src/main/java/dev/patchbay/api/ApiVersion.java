package dev.patchbay.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of this plugin API, {@code major.minor}. A plugin records the version it was compiled against in its
 * manifest ({@value #MANIFEST_ATTRIBUTE}); a host accepts a plugin with the same major version and a minor version
 * no newer than its own, because minor versions only add.
 *
 * @param major incremented when something is removed or changed incompatibly
 * @param minor incremented when something is added
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    /** The manifest attribute in which a plugin jar names the API version it was built against. */
    public static final String MANIFEST_ATTRIBUTE = "Patchbay-Api-Version";

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");

    /** The version of the API in this jar. */
    public static final ApiVersion CURRENT = load();

    /** Parses {@code "1.0"}; anything else is an {@link IllegalArgumentException} that quotes the text. */
    public static ApiVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an API version; expected major.minor, e.g. 1.0");
        }
        return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** True when a plugin built against {@code pluginVersion} can run on a host with this version. */
    public boolean accepts(ApiVersion pluginVersion) {
        return pluginVersion.major == major && pluginVersion.minor <= minor;
    }

    /** The range this version accepts, in words: {@code "1.0 to 1.2"}. */
    public String acceptedRange() {
        return major + ".0 to " + this;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }

    private static ApiVersion load() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("api-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("api-version.properties is missing from the plugin-api jar");
            }
            Properties p = new Properties();
            p.load(in);
            return parse(p.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
