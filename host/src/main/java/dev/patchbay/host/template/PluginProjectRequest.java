package dev.patchbay.host.template;

import javax.lang.model.SourceVersion;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What to generate: checked on construction, so that a bad scheme or package is refused before any file is written.
 *
 * @param scheme          the URI scheme, which is also the plugin id
 * @param dir             the project folder; it must not exist or be empty
 * @param javaPackage     the package of the generated classes
 * @param groupId         the project's Maven groupId
 * @param patchbayVersion the Patchbay release the project builds against (the running host's)
 */
public record PluginProjectRequest(String scheme, Path dir, String javaPackage, String groupId,
                                   String patchbayVersion) {
    /** A scheme word: it also names a Java class, a package part, an artifact and a runtime folder. */
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9]{0,31}");
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9.-]*");

    public PluginProjectRequest {
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            throw new TemplateException("'" + scheme + "' is not a scheme word: use lower-case letters and digits,"
                    + " starting with a letter, at most 32 (for example uds)");
        }
        // The groupId first: the default package is made from it, and would be blamed for its fault.
        if (groupId == null || !GROUP_ID.matcher(groupId).matches()) {
            throw new TemplateException("'" + groupId + "' is not a Maven groupId (for example com.example)");
        }
        if (javaPackage == null || !SourceVersion.isName(javaPackage)) {
            throw new TemplateException("'" + javaPackage + "' is not a Java package name (for example"
                    + " com.example." + scheme + ")");
        }
        if (patchbayVersion == null || !VERSION.matcher(patchbayVersion).matches()) {
            throw new TemplateException("this patchbay does not know its own release version ('" + patchbayVersion
                    + "'); run the one from the built distribution");
        }
    }

    /** The defaults of {@code patchbay plugins new}: ./patchbay-SCHEME-plugin, com.example, com.example.SCHEME. */
    public static PluginProjectRequest of(String scheme, Path dir, String javaPackage, String groupId,
                                          String patchbayVersion) {
        String group = groupId != null ? groupId : "com.example";
        return new PluginProjectRequest(scheme, dir != null ? dir : Path.of("patchbay-" + scheme + "-plugin"),
                javaPackage != null ? javaPackage : group.toLowerCase(Locale.ROOT).replace('-', '_') + "." + scheme,
                group, patchbayVersion);
    }

    /** The class-name prefix: {@code uds} gives {@code UdsTransport}. */
    public String className() {
        return Character.toUpperCase(scheme.charAt(0)) + scheme.substring(1);
    }
}
