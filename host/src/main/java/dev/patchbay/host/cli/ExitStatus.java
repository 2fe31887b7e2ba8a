package dev.patchbay.host.cli;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.control.ControlException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit statuses of {@code patchbay}: one per kind of failure, so that scripts can tell them apart. 10 to 20 and 25
 * stand for the {@link ErrorCode}s of the library (the contract names failures; the numbers a script sees are the
 * command line's, and written here only); the rest belong to the command line.
 */
final class ExitStatus {
    static final int OK = 0;
    static final int PROBLEMS_FOUND = 1;
    static final int USAGE = 2;
    static final int NO_SUCH_CHANNEL = 21;
    static final int NOTHING_TO_DO = 22;
    static final int NO_HOST = 23;
    static final int HOST_BUSY = 24;
    static final int INTERNAL_ERROR = 70;
    static final int CTRL_C = 130;

    private ExitStatus() {
    }

    /** The table {@code patchbay --help} and the README show. */
    static Map<String, String> table() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put(Integer.toString(OK), "success");
        table.put(Integer.toString(PROBLEMS_FOUND), "finished, but found a problem (a module FAILED in 'plugins', a"
                + " message lost in 'soak')");
        table.put(Integer.toString(USAGE), "bad command line: unknown option, bad value, missing argument");
        for (ErrorCode code : ErrorCode.values()) {
            table.put(Integer.toString(of(code)), describe(code));
        }
        table.put(Integer.toString(NO_SUCH_CHANNEL), "the host has no channel by that name or address");
        table.put(Integer.toString(NOTHING_TO_DO), "nothing to do (cancel with no migration under way,"
                + " plugins release of a file not quarantined)");
        table.put(Integer.toString(NO_HOST), "no running host found, or several and none chosen (--host PID)");
        table.put(Integer.toString(HOST_BUSY), "the host's control socket is at its limits; try again");
        table.put(Integer.toString(INTERNAL_ERROR), "internal error (a bug: run again with -v and report it)");
        table.put(Integer.toString(CTRL_C), "stopped with Ctrl-C");
        return table;
    }

    private static String describe(ErrorCode code) {
        return switch (code) {
            case PEER_CLOSED -> "the peer closed the channel or died";
            case LINK_CLOSED -> "the link was closed on this side";
            case CORRUPT_FRAME -> "corrupt input from the peer: a bad frame, a damaged log or ring";
            case MESSAGE_TOO_LARGE -> "a message is larger than the link accepts";
            case OPEN_TIMEOUT -> "no peer arrived within --timeout";
            case BAD_ADDRESS -> "bad or unsafe address, or no backend serves its scheme";
            case IO_FAILURE -> "an operating-system call failed";
            case UNAVAILABLE -> "the backend cannot work on this machine";
            case INCOMPATIBLE_MODULE -> "unusable module (one that hangs or throws in an open, say), or no plugins"
                    + " folder";
            case MIGRATION_FAILED -> "a migration failed; the channel stayed where it was";
            case INTERRUPTED -> "a wait was interrupted";
            case FOREIGN_OBJECT -> "an object at that name belongs to another user or is open to others";
        };
    }

    /** The status for a failure of the library with {@code code}. Scripts rely on these numbers: never renumber. */
    static int of(ErrorCode code) {
        return switch (code) {
            case PEER_CLOSED -> 10;
            case LINK_CLOSED -> 11;
            case CORRUPT_FRAME -> 12;
            case MESSAGE_TOO_LARGE -> 13;
            case OPEN_TIMEOUT -> 14;
            case BAD_ADDRESS -> 15;
            case IO_FAILURE -> 16;
            case UNAVAILABLE -> 17;
            case INCOMPATIBLE_MODULE -> 18;
            case MIGRATION_FAILED -> 19;
            case INTERRUPTED -> 20;
            case FOREIGN_OBJECT -> 25;
        };
    }

    /** The status for a failure a command threw. */
    static int of(Throwable failure) {
        if (failure instanceof PatchbayException p) {
            return of(p.code());
        }
        if (failure instanceof ControlException c) {
            return switch (c.kind()) {
                case NO_SUCH_CHANNEL -> NO_SUCH_CHANNEL;
                case NOTHING_TO_DO -> NOTHING_TO_DO;
                case NO_HOST -> NO_HOST;
                case BUSY -> HOST_BUSY;
                case BAD_REQUEST -> USAGE;
            };
        }
        return INTERNAL_ERROR;
    }
}
