package dev.patchbay.host.dashboard;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;

/** The dashboard cannot be served where it was asked to be: a port in use, an address that is not this machine's. */
public final class DashboardException extends PatchbayException {
    public DashboardException(String message) {
        super(ErrorCode.IO_FAILURE, message);
    }
}
