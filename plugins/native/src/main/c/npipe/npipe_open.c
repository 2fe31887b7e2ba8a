/* Meeting at a pipe name: pb_listen makes the pipe (one instance), pb_accept waits for the client, pb_connect opens it. */
#include "npipe_link.h"
#include "../common/pb_error.h"

#include <stdlib.h>
#include <string.h>

/* Advisory sizes: a larger message still goes through, its write waits for the reader. */
#define PIPE_BUFFER (64u * 1024u)
/* How often pb_connect looks again for a pipe that does not exist yet. */
#define CONNECT_RETRY_MS 5

PB_EXPORT int pb_listen(const char *address, uint32_t max_message, pb_acceptor **out) {
    if (out == NULL || max_message == 0) {
        return pb_fail(PB_ERR_INVALID, "pb_listen needs an out pointer and a max_message above 0");
    }
    pb_acceptor *a = calloc(1, sizeof *a);
    if (a == NULL) {
        return pb_fail(PB_ERR_IO, "out of memory for an npipe acceptor");
    }
    int rc = npipe_path(address, a->path);
    npipe_owner_only security;
    if (rc == PB_OK) {
        rc = npipe_owner_only_init(&security);
    }
    if (rc != PB_OK) {
        free(a);
        return rc;
    }
    a->max_message = max_message;
    /* FIRST_PIPE_INSTANCE: a name another process already listens on is refused, not shared with it. */
    a->pipe = CreateNamedPipeA(a->path, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
                               PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                               1, PIPE_BUFFER, PIPE_BUFFER, 0, &security.attributes);
    if (a->pipe == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        rc = err == ERROR_ACCESS_DENIED || err == ERROR_PIPE_BUSY
             ? pb_fail(PB_ERR_IO, "%s is taken: the pipe %s exists already (another process listens there)",
                       address, a->path)
             : pb_fail_win32(PB_ERR_IO, err, "CreateNamedPipe(%s)", a->path);
        free(a);
        return rc;
    }
    a->shutdown = CreateEventA(NULL, TRUE, FALSE, NULL);
    a->connect.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (a->shutdown == NULL || a->connect.hEvent == NULL) {
        rc = pb_fail_win32(PB_ERR_IO, GetLastError(), "CreateEvent");
        pb_acceptor_close(a);
        return rc;
    }
    *out = a;
    return PB_OK;
}

/* The connected pipe now belongs to the link; the acceptor has accepted once and for all. */
static int take_link(pb_acceptor *a, pb_link **out) {
    a->accepted = 1;
    HANDLE pipe = a->pipe;
    a->pipe = INVALID_HANDLE_VALUE;
    return npipe_link_new(pipe, a->max_message, out);
}

PB_EXPORT int pb_accept(pb_acceptor *a, int64_t timeout_ns, pb_link **out) {
    if (a == NULL || out == NULL) {
        return pb_fail(PB_ERR_INVALID, "pb_accept needs an acceptor and an out pointer");
    }
    if (a->accepted || WaitForSingleObject(a->shutdown, 0) == WAIT_OBJECT_0) {
        return pb_fail(PB_ERR_CLOSED, "the npipe acceptor at %s is shut down or has accepted", a->path);
    }
    if (!a->connecting) {
        BOOL ok = ConnectNamedPipe(a->pipe, &a->connect);
        DWORD err = ok ? ERROR_SUCCESS : GetLastError();
        /* A client that came before this call is connected already, and no I/O was started to wait for. */
        if (ok || err == ERROR_PIPE_CONNECTED) {
            return take_link(a, out);
        }
        if (err != ERROR_IO_PENDING) {
            return pb_fail_win32(PB_ERR_IO, err, "ConnectNamedPipe(%s)", a->path);
        }
        a->connecting = 1;
    }
    HANDLE events[2] = {a->shutdown, a->connect.hEvent};
    DWORD woke = WaitForMultipleObjects(2, events, FALSE, npipe_wait_ms(timeout_ns));
    if (woke == WAIT_TIMEOUT) {
        return pb_fail(PB_ERR_TIMEOUT, "no peer connected to %s in time", a->path);
    }
    if (woke == WAIT_OBJECT_0) {
        return pb_fail(PB_ERR_CLOSED, "the npipe acceptor at %s was shut down", a->path);
    }
    DWORD ignored;
    a->connecting = 0;
    if (!GetOverlappedResult(a->pipe, &a->connect, &ignored, FALSE)) {
        return pb_fail_win32(PB_ERR_IO, GetLastError(), "ConnectNamedPipe(%s)", a->path);
    }
    return take_link(a, out);
}

PB_EXPORT void pb_acceptor_shutdown(pb_acceptor *a) {
    if (a != NULL) {
        SetEvent(a->shutdown);
    }
}

PB_EXPORT void pb_acceptor_close(pb_acceptor *a) {
    if (a == NULL) {
        return;
    }
    if (a->pipe != INVALID_HANDLE_VALUE) {
        if (a->connecting) {
            /* The kernel writes into a->connect until the wait is over: finish it before freeing. */
            DWORD ignored;
            CancelIoEx(a->pipe, &a->connect);
            GetOverlappedResult(a->pipe, &a->connect, &ignored, TRUE);
        }
        CloseHandle(a->pipe);
    }
    if (a->connect.hEvent != NULL) {
        CloseHandle(a->connect.hEvent);
    }
    if (a->shutdown != NULL) {
        CloseHandle(a->shutdown);
    }
    free(a);
}

PB_EXPORT int pb_connect(const char *address, uint32_t max_message, int64_t timeout_ns, pb_link **out) {
    if (out == NULL || max_message == 0) {
        return pb_fail(PB_ERR_INVALID, "pb_connect needs an out pointer and a max_message above 0");
    }
    char path[NPIPE_PATH_MAX];
    int rc = npipe_path(address, path);
    if (rc != PB_OK) {
        return rc;
    }
    DWORD limit = npipe_wait_ms(timeout_ns);
    ULONGLONG start = GetTickCount64();
    for (;;) {
        /* SECURITY_IDENTIFICATION: whoever listens there may learn who we are, not act as us. */
        HANDLE pipe = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                                  FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, NULL);
        if (pipe != INVALID_HANDLE_VALUE) {
            DWORD mode = PIPE_READMODE_MESSAGE;
            if (!SetNamedPipeHandleState(pipe, &mode, NULL, NULL)) {
                rc = pb_fail_win32(PB_ERR_IO, GetLastError(), "SetNamedPipeHandleState(%s)", path);
                CloseHandle(pipe);
                return rc;
            }
            return npipe_link_new(pipe, max_message, out);
        }
        DWORD err = GetLastError();
        ULONGLONG waited = GetTickCount64() - start;
        if (err != ERROR_FILE_NOT_FOUND && err != ERROR_PIPE_BUSY) {
            return pb_fail_win32(PB_ERR_IO, err, "CreateFile(%s)", path);
        }
        if (limit != INFINITE && waited >= limit) {
            return pb_fail(PB_ERR_TIMEOUT, "%s: no listener %s within %lu ms", address,
                           err == ERROR_PIPE_BUSY ? "free (another peer is connected)" : "appeared",
                           (unsigned long) limit);
        }
        if (err == ERROR_PIPE_BUSY) {
            WaitNamedPipeA(path, limit == INFINITE ? NMPWAIT_WAIT_FOREVER : (DWORD) (limit - waited));
        } else {
            Sleep(CONNECT_RETRY_MS);
        }
    }
}
