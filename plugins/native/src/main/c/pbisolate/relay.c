/* One relayed link: the module's link on one side, an nshm link to the host on the other, a pump each way. */
#define _GNU_SOURCE
#include "isolate.h"
#include "../nshm/nshm_link.h"
#include "../common/pb_clock.h"
#include "../common/pb_error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** How long one receive waits: short, so that a pump never sleeps through its partner's shutdown for long. */
#define SLICE_NS (100 * PB_MILLIS)
#define FIRST_BUFFER (64u << 10)

typedef struct relay {
    void *module_link;
    pb_link *ring;
    const char *address;
} relay;

typedef int (*receive_fn)(void *link, void *buffer, uint32_t capacity, int64_t timeout_ns);
typedef int (*send_fn)(void *link, const void *data, uint32_t length);

static int ring_receive(void *link, void *buffer, uint32_t capacity, int64_t timeout_ns) {
    return pb_receive(link, buffer, capacity, timeout_ns);
}

static int ring_send(void *link, const void *data, uint32_t length) {
    return pb_send(link, data, length);
}

/*
 * Moves batches from one link to the other until either fails; both ABIs deliver a batch as (u32 length, bytes)
 * records at 4-byte alignment. Returns the code that ended it; *sending says whether the send failed (else the
 * receive did). The failing side's error text is still this thread's last error on return.
 */
static int pump(void *from, receive_fn receive, void *to, send_fn send, int *sending) {
    *sending = 0;
    uint32_t capacity = FIRST_BUFFER;
    uint8_t *buffer = malloc(capacity);
    if (buffer == NULL) {
        return PB_ERR_IO;
    }
    int code;
    for (;;) {
        code = receive(from, buffer, capacity, SLICE_NS);
        if (code == PB_ERR_TOO_SMALL) {
            uint32_t needed;
            memcpy(&needed, buffer, sizeof needed);
            uint8_t *larger = needed > UINT32_MAX - 8 ? NULL : malloc(needed + 8);
            if (larger == NULL) {
                code = PB_ERR_IO;
                break;
            }
            free(buffer);
            buffer = larger;
            capacity = needed + 8;
            continue;
        }
        if (code < 0) {
            break;
        }
        uint32_t at = 0;
        for (int i = 0; i < code; i++) {
            uint32_t length;
            at = (at + 3u) & ~3u;
            memcpy(&length, buffer + at, sizeof length);
            int sent = send(to, buffer + at + 4, length);
            if (sent < 0) {
                *sending = 1;
                free(buffer);
                return sent;
            }
            at += 4 + length;
        }
    }
    free(buffer);
    return code;
}

/*
 * The module broke the link (corrupt input from its peer, an I/O error): tell the host why before the ring closes,
 * since the ring can only say "closed". The host reads it after the close (see IsolatedLink).
 */
static void report(const relay *r, int code) {
    if (code != PB_ERR_PEER_CLOSED && code != PB_ERR_CLOSED) {
        char text[600];
        snprintf(text, sizeof text, "%s %s", r->address, isolate_lib.last_error());
        isolate_fail_unasked("broke", code, text);
    }
}

/* Host -> module. When it ends, the module's link goes down, which ends the other pump too. */
static void *inward(void *argument) {
    relay *r = argument;
    int sending;
    int code = pump(r->ring, ring_receive, r->module_link, isolate_lib.send, &sending);
    if (sending) {
        report(r, code);
    }
    isolate_lib.shutdown(r->module_link);
    return NULL;
}

/* Module -> host, on the calling thread; a shutdown of the ring tells the host once it has read everything. */
static void outward(relay *r) {
    int sending;
    int code = pump(r->module_link, isolate_lib.receive, r->ring, ring_send, &sending);
    if (!sending) {
        report(r, code);
    }
    pb_shutdown(r->ring);
}

void isolate_relay(long id, void *module_link, uint32_t max_message, const char *ring_size, int64_t open_timeout_ns) {
    static unsigned long links;
    unsigned long n = __atomic_add_fetch(&links, 1, __ATOMIC_RELAXED);
    char address[128];
    snprintf(address, sizeof address, "nshm:iso.%ld.%lu?size=%s", (long) getpid(), n, ring_size);
    pb_acceptor *acceptor;
    int code = pb_listen(address, max_message, &acceptor);
    if (code < 0) {
        isolate_fail(id, code, pb_error_text());
        isolate_lib.close(module_link);
        return;
    }
    isolate_answer("%ld ok %s\n", id, address);
    relay r = {module_link, NULL, address};
    code = pb_accept(acceptor, open_timeout_ns, &r.ring);
    pb_acceptor_close(acceptor);
    if (code < 0) {
        fprintf(stderr, "pbisolate: the host did not take %s: %s\n", address, pb_error_text());
        isolate_lib.close(module_link);
        return;
    }
    pthread_t in;
    if (pthread_create(&in, NULL, inward, &r) != 0) {
        isolate_lib.close(module_link);
        pb_close(r.ring);
        return;
    }
    outward(&r);
    pthread_join(in, NULL);
    isolate_lib.close(module_link);
    pb_close(r.ring);
}
