package dev.patchbay.host.verify;

/**
 * The outcome of one named check.
 *
 * @param check  the check's name ({@code descriptor}, {@code load}, ...)
 * @param passed whether the module passed it
 * @param detail what was seen: figures when it passed, the cause when it failed
 */
public record CheckResult(String check, boolean passed, String detail) {

    public static CheckResult pass(String check, String detail) {
        return new CheckResult(check, true, detail);
    }

    public static CheckResult fail(String check, String detail) {
        return new CheckResult(check, false, detail);
    }

    /** {@code PASS load: ...} or {@code FAIL load: ...}, as the command prints it. */
    public String line() {
        return (passed ? "PASS " : "FAIL ") + check + ": " + detail;
    }
}
