package dev.patchbay.host.module;

import com.github.zafarkhaja.semver.Version;

import java.util.Comparator;

/**
 * Orders plugin versions the way Semantic Versioning does (java-semver, which PF4J's version manager uses), with
 * one extension: the numeric core may have more than three parts, so a hotfix {@code 1.0.0.1} outranks
 * {@code 1.0.0}, which plain semver refuses to parse. {@code 1.0.10 > 1.0.9 > 1.0.9-rc1}; {@code 1.0 = 1.0.0}.
 */
final class VersionOrder implements Comparator<String> {
    static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] x = core(a).split("\\.", -1);
        String[] y = core(b).split("\\.", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return compareSuffix(a.substring(core(a).length()), b.substring(core(b).length()));
    }

    /** The leading digits and dots: {@code 1.0.2} of {@code 1.0.2-broken}. */
    private static String core(String version) {
        int end = 0;
        while (end < version.length() && (Character.isDigit(version.charAt(end)) || version.charAt(end) == '.')) {
            end++;
        }
        return version.substring(0, end);
    }

    private static long number(String[] parts, int index) {
        if (index >= parts.length || parts[index].isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(parts[index]);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Pre-release and build suffixes by semver's rules (a release outranks its pre-releases); else as text. */
    private static int compareSuffix(String x, String y) {
        try {
            return Version.parse("0.0.0" + x).compareTo(Version.parse("0.0.0" + y));
        } catch (RuntimeException e) {
            if (x.isEmpty() != y.isEmpty()) {
                return x.isEmpty() ? 1 : -1;
            }
            return x.compareTo(y);
        }
    }
}
