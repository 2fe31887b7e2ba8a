package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.ProcessIdentity;

import java.nio.file.Path;

/**
 * For things that carry their owner's pid in their name and nothing else: the owner is whichever process has that
 * pid now (a start time of 0 if none has), so that two scans of a dead owner's leftover see the same owner.
 */
final class ProcessOfName {
    private ProcessOfName() {
    }

    /** The pid between {@code prefix} and {@code suffix} in {@code name}, or -1 if there is no such number. */
    static long pid(String name, String prefix, String suffix) {
        if (!name.startsWith(prefix) || !name.endsWith(suffix)
                || name.length() <= prefix.length() + suffix.length()) {
            return -1;
        }
        String digits = name.substring(prefix.length(), name.length() - suffix.length());
        if (digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    static Resource resource(ResourceKind kind, String name, long size, long pid, Path where) {
        var now = ProcessIdentity.of(pid);
        ProcessIdentity owner = now.orElse(new ProcessIdentity(pid, 0));
        return new Resource(kind, name, size, owner, now.isPresent() && owner.isAlive(), true, false,
                where.toString(), -1, Source.modified(where));
    }
}
