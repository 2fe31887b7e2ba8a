/*
 * Moving messages over a connected pipe. Every wait also waits on the link's shutdown event, so that pb_shutdown
 * from another thread wakes it. A receive that times out leaves its ReadFile in flight for the next receive: a
 * message is never half taken.
 */
#include "npipe_link.h"
#include "../common/pb_error.h"

#include <stdlib.h>
#include <string.h>

int npipe_link_new(HANDLE pipe, uint32_t max_message, pb_link **out) {
    pb_link *link = calloc(1, sizeof *link);
    unsigned char *staged = malloc(max_message);
    HANDLE events[3] = {CreateEventA(NULL, TRUE, FALSE, NULL), CreateEventA(NULL, TRUE, FALSE, NULL),
                        CreateEventA(NULL, TRUE, FALSE, NULL)};
    if (link == NULL || staged == NULL || events[0] == NULL || events[1] == NULL || events[2] == NULL) {
        int rc = pb_fail(PB_ERR_IO, "out of memory or handles for an npipe link of %u-byte messages", max_message);
        for (int i = 0; i < 3; i++) {
            if (events[i] != NULL) {
                CloseHandle(events[i]);
            }
        }
        free(staged);
        free(link);
        CloseHandle(pipe);
        return rc;
    }
    link->pipe = pipe;
    link->shutdown = events[0];
    link->read.hEvent = events[1];
    link->write.hEvent = events[2];
    link->max_message = max_message;
    link->staged = staged;
    *out = link;
    return PB_OK;
}

static int is_closed(pb_link *link) {
    return InterlockedCompareExchange(&link->closed, 0, 0) != 0;
}

/* What a failed pipe call means for the link: the peer's close or death, our own shutdown, or an I/O error. */
static int failure(pb_link *link, DWORD err, const char *what) {
    switch (err) {
    case ERROR_BROKEN_PIPE:
    case ERROR_NO_DATA:
    case ERROR_PIPE_NOT_CONNECTED:
        link->ended = PB_ERR_PEER_CLOSED;
        return pb_fail(PB_ERR_PEER_CLOSED, "the npipe peer closed the link or is gone");
    case ERROR_OPERATION_ABORTED:
        return pb_fail(PB_ERR_CLOSED, "the npipe link was shut down");
    case ERROR_MORE_DATA:
        link->ended = PB_ERR_CORRUPT;
        return pb_fail(PB_ERR_CORRUPT, "the npipe peer sent a message over the link's limit of %u bytes",
                       link->max_message);
    default:
        return pb_fail_win32(PB_ERR_IO, err, "%s on an npipe link", what);
    }
}

PB_EXPORT int pb_send(pb_link *link, const void *data, uint32_t length) {
    if (link == NULL || (data == NULL && length > 0)) {
        return pb_fail(PB_ERR_INVALID, "pb_send needs a link and data");
    }
    if (is_closed(link)) {
        return pb_fail(PB_ERR_CLOSED, "the npipe link was shut down");
    }
    if (length > link->max_message) {
        return pb_fail(PB_ERR_TOO_LARGE, "a %u-byte message is over the link's limit of %u bytes", length,
                       link->max_message);
    }
    ResetEvent(link->write.hEvent);
    if (!WriteFile(link->pipe, data, length, NULL, &link->write) && GetLastError() != ERROR_IO_PENDING) {
        return failure(link, GetLastError(), "WriteFile");
    }
    HANDLE events[2] = {link->shutdown, link->write.hEvent};
    DWORD woke = WaitForMultipleObjects(2, events, FALSE, INFINITE);
    DWORD written;
    if (woke == WAIT_OBJECT_0) {
        /* The write must be over before its OVERLAPPED is reused or freed; a message that went out anyway did. */
        CancelIoEx(link->pipe, &link->write);
        GetOverlappedResult(link->pipe, &link->write, &written, TRUE);
        return pb_fail(PB_ERR_CLOSED, "the npipe link was shut down");
    }
    if (!GetOverlappedResult(link->pipe, &link->write, &written, FALSE)) {
        return failure(link, GetLastError(), "WriteFile");
    }
    InterlockedIncrement64(&link->sent);
    return PB_OK;
}

/* Makes sure one whole message is staged, waiting up to wait_ms: 1 if one is, 0 if none came in time, or an error. */
static int stage(pb_link *link, DWORD wait_ms) {
    if (link->has_staged) {
        return 1;
    }
    if (link->ended != 0) {
        return pb_fail(link->ended, link->ended == PB_ERR_PEER_CLOSED ? "the npipe peer closed the link or is gone"
                                                                      : "the npipe link is corrupt");
    }
    if (!link->reading) {
        ResetEvent(link->read.hEvent);
        if (!ReadFile(link->pipe, link->staged, link->max_message, NULL, &link->read)
            && GetLastError() != ERROR_IO_PENDING) {
            return failure(link, GetLastError(), "ReadFile");
        }
        link->reading = 1;
    }
    HANDLE events[2] = {link->shutdown, link->read.hEvent};
    DWORD woke = WaitForMultipleObjects(2, events, FALSE, wait_ms);
    if (woke == WAIT_TIMEOUT) {
        return 0;
    }
    if (woke == WAIT_OBJECT_0) {
        return pb_fail(PB_ERR_CLOSED, "the npipe link was shut down");
    }
    DWORD length;
    BOOL ok = GetOverlappedResult(link->pipe, &link->read, &length, FALSE);
    link->reading = 0;
    if (!ok) {
        return failure(link, GetLastError(), "ReadFile");
    }
    link->has_staged = 1;
    link->staged_length = length;
    InterlockedIncrement64(&link->received);
    return 1;
}

PB_EXPORT int pb_receive(pb_link *link, void *buffer, uint32_t capacity, int64_t timeout_ns) {
    if (link == NULL || buffer == NULL || capacity < 8) {
        return pb_fail(PB_ERR_INVALID, "pb_receive needs a link and a buffer of at least 8 bytes");
    }
    if (is_closed(link)) {
        return pb_fail(PB_ERR_CLOSED, "the npipe link was shut down");
    }
    unsigned char *out = buffer;
    uint32_t at = 0;
    int count = 0;
    /* The first message may be waited for; the ones after it only taken if they are there already. */
    for (;;) {
        int rc = stage(link, count == 0 ? npipe_wait_ms(timeout_ns) : 0);
        if (rc <= 0) {
            /* An error after some messages waits for the next call, which meets it again. */
            return count > 0 ? count : rc;
        }
        uint32_t length = link->staged_length;
        if ((uint64_t) at + 4 + length > capacity) {
            if (count > 0) {
                return count;
            }
            memcpy(out, &length, 4);
            return pb_fail(PB_ERR_TOO_SMALL, "the next message is %u bytes, over the %u-byte buffer", length,
                           capacity);
        }
        memcpy(out + at, &length, 4);
        memcpy(out + at + 4, link->staged, length);
        link->has_staged = 0;
        count++;
        at = (at + 4 + length + 3) & ~3u;
        if (at + 4 > capacity) {
            return count;
        }
    }
}

PB_EXPORT void pb_shutdown(pb_link *link) {
    if (link != NULL) {
        InterlockedExchange(&link->closed, 1);
        SetEvent(link->shutdown);
    }
}

PB_EXPORT void pb_close(pb_link *link) {
    if (link == NULL) {
        return;
    }
    pb_shutdown(link);
    if (link->reading) {
        DWORD ignored;
        CancelIoEx(link->pipe, &link->read);
        GetOverlappedResult(link->pipe, &link->read, &ignored, TRUE);
    }
    /* Closing the handle is what the peer sees: its reads end with ERROR_BROKEN_PIPE after what was sent. */
    CloseHandle(link->pipe);
    CloseHandle(link->read.hEvent);
    CloseHandle(link->write.hEvent);
    CloseHandle(link->shutdown);
    free(link->staged);
    free(link);
}
