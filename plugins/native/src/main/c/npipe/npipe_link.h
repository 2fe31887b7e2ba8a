/*
 * npipe: the native ABI over Windows named pipes in message mode, one pipe per link. Each write is one message and
 * each read returns one whole message, so no framing is needed; the pipe's end is the peer's close or death.
 */
#ifndef NPIPE_LINK_H
#define NPIPE_LINK_H

#include <stdint.h>
#include <windows.h>

#include "patchbay_transport.h"

/** "\\.\pipe\patchbay-npipe." and a name of at most NPIPE_NAME_MAX characters. */
#define NPIPE_NAME_MAX 64
#define NPIPE_PATH_MAX (NPIPE_NAME_MAX + 32)

struct pb_acceptor {
    HANDLE pipe;
    /** Manual reset; set once by pb_acceptor_shutdown. */
    HANDLE shutdown;
    OVERLAPPED connect;
    int connecting;
    int accepted;
    uint32_t max_message;
    char path[NPIPE_PATH_MAX];
};

struct pb_link {
    HANDLE pipe;
    /** Manual reset; set once by pb_shutdown: blocked calls wait on it as well as on their I/O. */
    HANDLE shutdown;
    volatile LONG closed;
    OVERLAPPED read;
    OVERLAPPED write;
    /** A ReadFile into staged is in flight (a receive that timed out leaves it for the next one). */
    int reading;
    /** staged holds one whole message of staged_length bytes, not yet handed to the host. */
    int has_staged;
    uint32_t staged_length;
    /** Once the link failed for good (peer gone, corrupt), every later receive says so. */
    int ended;
    uint32_t max_message;
    volatile LONG64 sent;
    volatile LONG64 received;
    unsigned char *staged;
};

/** Parses "npipe:<name>[?...]" into the pipe's path; PB_OK or PB_ERR_ADDRESS. */
int npipe_path(const char *address, char path[NPIPE_PATH_MAX]);

/** A link over a connected pipe, which it then owns; PB_OK or PB_ERR_IO (the pipe is closed then). */
int npipe_link_new(HANDLE pipe, uint32_t max_message, pb_link **out);

/** Security attributes that let only this process's user open the pipe; PB_OK or PB_ERR_IO. */
typedef struct npipe_owner_only {
    SECURITY_ATTRIBUTES attributes;
    SECURITY_DESCRIPTOR descriptor;
    /* TOKEN_USER and the ACL are variable-length; these sizes hold any SID. */
    union { TOKEN_USER user; unsigned char bytes[256]; } token;
    union { ACL acl; unsigned char bytes[256]; } dacl;
} npipe_owner_only;

int npipe_owner_only_init(npipe_owner_only *security);

/** Milliseconds for WaitFor*: negative is INFINITE, a part of a millisecond counts as one. */
DWORD npipe_wait_ms(int64_t timeout_ns);

#endif
