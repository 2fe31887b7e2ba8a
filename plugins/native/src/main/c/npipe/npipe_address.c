/* npipe addresses: npipe:<name>; parameters after '?' belong to the host and are left alone. */
#include "npipe_link.h"
#include "../common/pb_error.h"

#include <stdio.h>
#include <string.h>

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

static int has_dot_dot(const char *name, size_t length) {
    for (size_t i = 0; i + 1 < length; i++) {
        if (name[i] == '.' && name[i + 1] == '.') {
            return 1;
        }
    }
    return 0;
}

int npipe_path(const char *address, char path[NPIPE_PATH_MAX]) {
    if (address == NULL || _strnicmp(address, "npipe:", 6) != 0) {
        return pb_fail(PB_ERR_ADDRESS, "'%s' is not an npipe address; write npipe:<name>",
                       address ? address : "(null)");
    }
    const char *name = address + 6;
    size_t length = strcspn(name, "?");
    /* The name becomes part of a pipe path: no separators, no "..", nothing a path could be steered with. */
    if (length == 0 || length > NPIPE_NAME_MAX || strspn(name, NAME_CHARS) < length || name[0] == '.'
        || has_dot_dot(name, length)) {
        return pb_fail(PB_ERR_ADDRESS, "address '%s' needs a plain name for npipe: letters, digits, '.', '_', '-',"
                       " not starting with '.', at most %d characters", address, NPIPE_NAME_MAX);
    }
    snprintf(path, NPIPE_PATH_MAX, "\\\\.\\pipe\\patchbay-npipe.%.*s", (int) length, name);
    return PB_OK;
}

DWORD npipe_wait_ms(int64_t timeout_ns) {
    if (timeout_ns < 0) {
        return INFINITE;
    }
    int64_t ms = timeout_ns / 1000000 + (timeout_ns % 1000000 != 0);
    return ms >= INFINITE ? INFINITE - 1 : (DWORD) ms;
}
