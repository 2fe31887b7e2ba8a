package dev.patchbay.host.natives;

import com.sun.jna.Pointer;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.OpenTimeoutException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.TransportIoException;

import java.nio.charset.StandardCharsets;

/** Turns the negative results of native calls into the plugin API's exceptions, with the module's own words. */
final class NativeErrors {
    private NativeErrors() {
    }

    /** The text of pb_last_error() on this thread: call right after the failing call, while the library is in use. */
    static String lastError(NativeAbi abi) {
        long address = abi.lastError();
        String text = address == 0 ? "" : new Pointer(address).getString(0, StandardCharsets.UTF_8.name());
        return text.isBlank() ? "(the module gave no reason)" : text;
    }

    /**
     * The exception for {@code code}.
     *
     * @param context what was called, for failures the module does not explain by themselves, e.g.
     *                "nshm-1.0.0.so: pb_listen(nshm:orders)"
     */
    static PatchbayException toException(int code, NativeAbi abi, String context) {
        return toException(code, lastError(abi), context);
    }

    /** As {@link #toException(int, NativeAbi, String)}, with the module's words already in hand. */
    static PatchbayException toException(int code, String text, String context) {
        return switch (code) {
            case NativeAbi.PB_ERR_TIMEOUT -> new OpenTimeoutException(text);
            case NativeAbi.PB_ERR_PEER_CLOSED -> new PeerClosedException(text);
            case NativeAbi.PB_ERR_CLOSED -> new LinkClosedException(text);
            case NativeAbi.PB_ERR_CORRUPT -> new CorruptFrameException(text);
            case NativeAbi.PB_ERR_ADDRESS -> new AddressException(text);
            case NativeAbi.PB_ERR_IO -> new TransportIoException(context + " failed: " + text);
            case NativeAbi.PB_ERR_NOT_OWNED -> new PatchbayException(ErrorCode.FOREIGN_OBJECT, text);
            default -> new TransportIoException(context + " returned " + describe(code) + ": " + text);
        };
    }

    /** {@code PB_ERR_TOO_SMALL (-8)}, or the bare number for a code the ABI does not define. */
    static String describe(int code) {
        String name = switch (code) {
            case NativeAbi.PB_ERR_TIMEOUT -> "PB_ERR_TIMEOUT";
            case NativeAbi.PB_ERR_PEER_CLOSED -> "PB_ERR_PEER_CLOSED";
            case NativeAbi.PB_ERR_CLOSED -> "PB_ERR_CLOSED";
            case NativeAbi.PB_ERR_TOO_LARGE -> "PB_ERR_TOO_LARGE";
            case NativeAbi.PB_ERR_CORRUPT -> "PB_ERR_CORRUPT";
            case NativeAbi.PB_ERR_ADDRESS -> "PB_ERR_ADDRESS";
            case NativeAbi.PB_ERR_IO -> "PB_ERR_IO";
            case NativeAbi.PB_ERR_TOO_SMALL -> "PB_ERR_TOO_SMALL";
            case NativeAbi.PB_ERR_UNSUPPORTED -> "PB_ERR_UNSUPPORTED";
            case NativeAbi.PB_ERR_INVALID -> "PB_ERR_INVALID";
            case NativeAbi.PB_ERR_NOT_OWNED -> "PB_ERR_NOT_OWNED";
            default -> "an undefined code";
        };
        return name + " (" + code + ")";
    }
}
