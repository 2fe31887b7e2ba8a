package dev.patchbay.host.module;

import java.util.Comparator;

/** Orders plugin versions such as {@code 1.0.10 > 1.0.9 > 1.0.9-rc1} by their numeric parts, then as text. */
final class VersionOrder implements Comparator<String> {
    static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = comparePart(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        // 1.0.0 outranks 1.0.0-rc1: a pre-release has more parts.
        return Integer.compare(y.length, x.length);
    }

    private static int comparePart(String x, String y) {
        boolean xNum = x.chars().allMatch(Character::isDigit) && !x.isEmpty();
        boolean yNum = y.chars().allMatch(Character::isDigit) && !y.isEmpty();
        if (xNum && yNum) {
            return Long.compare(Long.parseLong(x), Long.parseLong(y));
        }
        if (xNum != yNum) {
            return xNum ? 1 : -1;
        }
        return x.compareTo(y);
    }
}
