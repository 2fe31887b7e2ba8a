package dev.patchbay.sharedmem;

import java.util.regex.Pattern;

/**
 * The names of shared objects. A name is 1 to {@value #MAX_LENGTH} characters out of letters, digits, '.', '_' and
 * '-', does not start with '.' or '-' and holds no "..": it becomes part of file names and of the POSIX object
 * name {@code /patchbay-<name>}, so nothing in it may climb out of a folder or look like an option.
 */
public final class Names {
    /** The longest name; it also fits the 64-byte name field of the headers with its terminating NUL. */
    public static final int MAX_LENGTH = 63;
    /** What every POSIX object Patchbay makes is called after the leading '/'. */
    public static final String PREFIX = "patchbay-";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private Names() {
    }

    /**
     * Returns {@code name} if it is valid.
     *
     * @throws IllegalArgumentException naming the rule it breaks
     */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a shared object name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("shared object name '" + name + "' is " + name.length()
                    + " characters long; the limit is " + MAX_LENGTH);
        }
        if (name.contains("/")) {
            throw new IllegalArgumentException("shared object name '" + name + "' must not contain '/'");
        }
        if (name.contains("..")) {
            throw new IllegalArgumentException("shared object name '" + name + "' must not contain '..'");
        }
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("shared object name '" + name + "' may hold only letters, digits,"
                    + " '.', '_' and '-', and must not start with '.' or '-'");
        }
        return name;
    }

    /** True if {@link #validate} would accept {@code name}. */
    public static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_LENGTH && !name.contains("..")
                && VALID.matcher(name).matches();
    }

    /** The POSIX object name of {@code name}: {@code /patchbay-<name>}. */
    public static String posixName(String name) {
        return "/" + PREFIX + validate(name);
    }
}
