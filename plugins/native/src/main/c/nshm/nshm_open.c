/* Meeting and parting: listen, accept, connect, shutdown, close. */
#define _GNU_SOURCE
#include "nshm_link.h"
#include "patchbay_transport.h"
#include "../common/pb_clock.h"
#include "../common/pb_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE_RELEASE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

uint64_t nshm_data_length(uint32_t capacity) {
    return NSHM_CONTROL_LENGTH + 2 * NSHM_RING_LENGTH(capacity);
}

uint8_t *nshm_ring_base(uint8_t *data, uint32_t capacity, int direction) {
    return data + NSHM_CONTROL_LENGTH + (uint64_t) direction * NSHM_RING_LENGTH(capacity);
}

static void segment_name(char *out, size_t size, const nshm_address *address) {
    snprintf(out, size, "nshm.%s", address->name);
}

PB_EXPORT int pb_listen(const char *text, uint32_t max_message, pb_acceptor **out) {
    if (out == NULL) {
        return pb_fail(PB_ERR_INVALID, "pb_listen: out is NULL");
    }
#ifdef NSHM_BROKEN_OPEN
    return pb_fail(PB_ERR_IO, "nshm " NSHM_VERSION " is deliberately broken: it cannot open links");
#endif
    pb_acceptor *acceptor = calloc(1, sizeof *acceptor);
    if (acceptor == NULL) {
        return pb_fail(PB_ERR_IO, "out of memory");
    }
    int r = nshm_address_parse(text, &acceptor->address);
    char name[NSHM_NAME_MAX + 1];
    segment_name(name, sizeof name, &acceptor->address);
    uint32_t capacity = acceptor->address.capacity;
    if (r == PB_OK) {
        r = nshm_segment_create(&acceptor->segment, name, nshm_data_length(capacity));
    }
    if (r != PB_OK) {
        free(acceptor);
        return r;
    }
    uint8_t *control = nshm_segment_data(&acceptor->segment);
    pb_process self = pb_process_self();
    *NSHM_FIELD(control, uint16_t, C_MAJOR) = NSHM_LAYOUT_MAJOR;
    *NSHM_FIELD(control, uint16_t, C_MINOR) = NSHM_LAYOUT_MINOR;
    *NSHM_FIELD(control, uint32_t, C_CAPACITY) = capacity;
    *NSHM_FIELD(control, uint32_t, C_MAX_MESSAGE) = max_message;
    *NSHM_FIELD(control, int64_t, C_LISTENER_PID) = self.pid;
    *NSHM_FIELD(control, int64_t, C_LISTENER_START) = self.start_time;
    nshm_ring_format(nshm_ring_base(control, capacity, 0), capacity);
    nshm_ring_format(nshm_ring_base(control, capacity, 1), capacity);
    STORE_RELEASE(NSHM_FIELD(control, uint32_t, C_MAGIC), NSHM_CONTROL_MAGIC);
    nshm_segment_publish(&acceptor->segment);
    acceptor->control = control;
    acceptor->max_message = max_message;
    *out = acceptor;
    return PB_OK;
}

PB_EXPORT int pb_accept(pb_acceptor *acceptor, int64_t timeout_ns, pb_link **out) {
    if (acceptor == NULL || out == NULL) {
        return pb_fail(PB_ERR_INVALID, "pb_accept: acceptor or out is NULL");
    }
    if (__atomic_load_n(&acceptor->accepted, __ATOMIC_SEQ_CST)) {
        return pb_fail(PB_ERR_CLOSED, "nshm:%s was accepted already", acceptor->address.name);
    }
    int64_t start = pb_now_ns();
    int64_t deadline = pb_deadline(timeout_ns);
    uint32_t *state = NSHM_FIELD(acceptor->control, uint32_t, C_STATE);
    uint32_t *bell = NSHM_FIELD(acceptor->control, uint32_t, C_ACCEPT_BELL);
    while (LOAD_ACQUIRE(state) != NSHM_CONNECTED) {
        if (__atomic_load_n(&acceptor->shutdown, __ATOMIC_SEQ_CST)) {
            return pb_fail(PB_ERR_CLOSED, "nshm:%s was closed while waiting for a peer", acceptor->address.name);
        }
        int64_t now = pb_now_ns();
        if (now >= deadline) {
            return pb_fail(PB_ERR_TIMEOUT, "no peer connected to nshm:%s (/dev/shm%s) within %lld ms; start the"
                           " other side with: patchbay send nshm:%s", acceptor->address.name,
                           acceptor->segment.path, (long long) ((now - start) / PB_MILLIS), acceptor->address.name);
        }
        uint32_t seen = nshm_bell_sequence(bell);
        nshm_bell_add_waiter(bell);
        if (LOAD_ACQUIRE(state) != NSHM_CONNECTED && !__atomic_load_n(&acceptor->shutdown, __ATOMIC_SEQ_CST)) {
            int64_t left = deadline - now;
            nshm_bell_sleep(bell, seen, left < NSHM_PEER_CHECK_NS ? left : NSHM_PEER_CHECK_NS);
        }
        nshm_bell_remove_waiter(bell);
    }
    int r = nshm_link_make(out, &acceptor->segment, 1, &acceptor->address, acceptor->max_message);
    if (r != PB_OK) {
        return r;
    }
    /* Both sides have it mapped: the name has done its job, and a crash from now on leaves nothing behind. */
    nshm_segment_unlink(&acceptor->segment);
    acceptor->segment.base = NULL;
    __atomic_store_n(&acceptor->accepted, 1, __ATOMIC_SEQ_CST);
    return PB_OK;
}

PB_EXPORT void pb_acceptor_shutdown(pb_acceptor *acceptor) {
    if (acceptor == NULL) {
        return;
    }
    __atomic_store_n(&acceptor->shutdown, 1, __ATOMIC_SEQ_CST);
    /* Once accepted, the memory belongs to the link (which may be closed already): leave it alone. */
    if (!__atomic_load_n(&acceptor->accepted, __ATOMIC_SEQ_CST)) {
        nshm_bell_ring(NSHM_FIELD(acceptor->control, uint32_t, C_ACCEPT_BELL));
    }
}

PB_EXPORT void pb_acceptor_close(pb_acceptor *acceptor) {
    if (acceptor == NULL) {
        return;
    }
    if (!acceptor->accepted && acceptor->segment.base != NULL) {
        /* A connector that got in just now sees the listener gone. */
        STORE_RELEASE(NSHM_FIELD(acceptor->control, uint32_t, C_LISTENER_CLOSED), 1u);
        uint32_t capacity = acceptor->address.capacity;
        nshm_bell_ring((uint32_t *) (nshm_ring_base(acceptor->control, capacity, 0) + NSHM_RING_DATA_BELL_OFFSET));
        nshm_segment_unlink(&acceptor->segment);
        nshm_segment_unmap(&acceptor->segment);
    }
    free(acceptor);
}

/* One attempt to take the listener at the name; NSHM_NOT_FOUND (or busy) means: try again later. */
static int try_connect(const nshm_address *address, uint32_t max_message, int64_t deadline, pb_link **out,
                       const char **problem) {
    char name[NSHM_NAME_MAX + 1];
    segment_name(name, sizeof name, address);
    nshm_segment segment;
    int r = nshm_segment_open(&segment, name, deadline);
    if (r != PB_OK) {
        *problem = "it does not exist";
        return r;
    }
    uint8_t *control = nshm_segment_data(&segment);
    uint32_t magic = LOAD_ACQUIRE(NSHM_FIELD(control, uint32_t, C_MAGIC));
    uint32_t capacity = *NSHM_FIELD(control, uint32_t, C_CAPACITY);
    uint16_t major = *NSHM_FIELD(control, uint16_t, C_MAJOR);
    uint16_t minor = *NSHM_FIELD(control, uint16_t, C_MINOR);
    if (magic != NSHM_CONTROL_MAGIC) {
        nshm_segment_unmap(&segment);
        return pb_fail(PB_ERR_IO, "%s holds no nshm link: control magic 0x%08x, expected 0x%08x \"PBNL\"",
                       segment.path, magic, NSHM_CONTROL_MAGIC);
    }
    if (major != NSHM_LAYOUT_MAJOR) {
        /* 1.x wrote fragments another way: neither side would read the other's long messages right. */
        nshm_segment_unmap(&segment);
        return pb_fail(PB_ERR_IO, "%s holds an nshm link of incompatible layout %u.%u; this module (nshm "
                       NSHM_VERSION ") reads layout %d.x (it writes %d.%d): use the same nshm version on both sides",
                       segment.path, major, minor, NSHM_LAYOUT_MAJOR, NSHM_LAYOUT_MAJOR, NSHM_LAYOUT_MINOR);
    }
    if ((capacity & (capacity - 1)) != 0 || capacity < 64
            || NSHM_SEGMENT_HEADER + nshm_data_length(capacity) > segment.size) {
        nshm_segment_unmap(&segment);
        return pb_fail(PB_ERR_IO, "%s holds an nshm link of layout %u.%u whose rings of %u bytes do not fit the"
                       " segment", segment.path, major, minor, capacity);
    }
    if (LOAD_ACQUIRE(NSHM_FIELD(control, uint32_t, C_LISTENER_CLOSED)) != 0) {
        nshm_segment_unmap(&segment);
        *problem = "its listener is closing";
        return NSHM_NOT_FOUND;
    }
    pb_process listener = {*NSHM_FIELD(control, int64_t, C_LISTENER_PID),
                           *NSHM_FIELD(control, int64_t, C_LISTENER_START)};
    if (!pb_process_alive(listener)) {
        /* A leftover: its listener crashed before anyone came. A new listener or the janitor removes it. */
        nshm_segment_unmap(&segment);
        *problem = "it was left behind by a listener that is gone (run: patchbay segments gc)";
        return NSHM_NOT_FOUND;
    }
    uint32_t expected = NSHM_WAITING;
    if (!__atomic_compare_exchange_n(NSHM_FIELD(control, uint32_t, C_STATE), &expected, NSHM_CLAIMED, 0,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        nshm_segment_unmap(&segment);
        *problem = "another peer is connecting to it";
        return NSHM_NOT_FOUND;
    }
    pb_process self = pb_process_self();
    *NSHM_FIELD(control, int64_t, C_CONNECTOR_PID) = self.pid;
    *NSHM_FIELD(control, int64_t, C_CONNECTOR_START) = self.start_time;
    nshm_address own = *address;
    own.capacity = capacity;
    r = nshm_link_make(out, &segment, 0, &own, max_message);
    if (r != PB_OK) {
        STORE_RELEASE(NSHM_FIELD(control, uint32_t, C_CONNECTOR_CLOSED), 1u);
    }
    STORE_RELEASE(NSHM_FIELD(control, uint32_t, C_STATE), NSHM_CONNECTED);
    nshm_bell_ring(NSHM_FIELD(control, uint32_t, C_ACCEPT_BELL));
    if (r != PB_OK) {
        nshm_segment_unmap(&segment);
    }
    return r;
}

PB_EXPORT int pb_connect(const char *text, uint32_t max_message, int64_t timeout_ns, pb_link **out) {
    if (out == NULL) {
        return pb_fail(PB_ERR_INVALID, "pb_connect: out is NULL");
    }
#ifdef NSHM_BROKEN_OPEN
    return pb_fail(PB_ERR_IO, "nshm " NSHM_VERSION " is deliberately broken: it cannot open links");
#endif
    nshm_address address;
    int r = nshm_address_parse(text, &address);
    if (r != PB_OK) {
        return r;
    }
    int64_t start = pb_now_ns();
    int64_t deadline = pb_deadline(timeout_ns);
    int64_t backoff = 100000;
    for (;;) {
        const char *problem = "it does not exist";
        r = try_connect(&address, max_message, deadline, out, &problem);
        if (r != NSHM_NOT_FOUND) {
            return r;
        }
        int64_t now = pb_now_ns();
        if (now >= deadline) {
            return pb_fail(PB_ERR_TIMEOUT, "no listener at nshm:%s (/dev/shm/patchbay-nshm.%s) within %lld ms (%s);"
                           " start the other side with: patchbay listen nshm:%s", address.name, address.name,
                           (long long) ((now - start) / PB_MILLIS), problem, address.name);
        }
        /* Nothing to sleep on before the segment exists: back off from 0.1 ms to 20 ms. */
        pb_sleep_ns(deadline - now < backoff ? deadline - now : backoff);
        backoff = backoff * 2 < 20 * PB_MILLIS ? backoff * 2 : 20 * PB_MILLIS;
    }
}

int nshm_link_make(pb_link **out, nshm_segment *segment, int listener, const nshm_address *address,
                   uint32_t max_message) {
    pb_link *link = calloc(1, sizeof *link);
    if (link == NULL) {
        return pb_fail(PB_ERR_IO, "out of memory");
    }
    uint8_t *control = nshm_segment_data(segment);
    uint32_t capacity = address->capacity;
    if (nshm_ring_attach(&link->tx, nshm_ring_base(control, capacity, listener ? 0 : 1), capacity) != 0
            || nshm_ring_attach(&link->rx, nshm_ring_base(control, capacity, listener ? 1 : 0), capacity) != 0) {
        free(link);
        return pb_fail(PB_ERR_IO, "%s: %s", segment->path, pb_error_text());
    }
    link->segment = *segment;
    link->control = control;
    link->closed_here = NSHM_FIELD(control, uint32_t, listener ? C_LISTENER_CLOSED : C_CONNECTOR_CLOSED);
    link->closed_there = NSHM_FIELD(control, uint32_t, listener ? C_CONNECTOR_CLOSED : C_LISTENER_CLOSED);
    pb_process peer = {
        *NSHM_FIELD(control, int64_t, listener ? C_CONNECTOR_PID : C_LISTENER_PID),
        *NSHM_FIELD(control, int64_t, listener ? C_CONNECTOR_START : C_LISTENER_START),
    };
    pb_watch_open(&link->peer, peer);
    link->max_message = max_message;
    link->spin_ns = address->spin_ns;
    snprintf(link->label, sizeof link->label, "nshm:%s", address->name);
    *out = link;
    return PB_OK;
}

PB_EXPORT void pb_shutdown(pb_link *link) {
    if (link == NULL || __atomic_exchange_n(&link->shutdown, 1, __ATOMIC_SEQ_CST)) {
        return;
    }
    /* Our own threads asleep in send (space) or receive (data)... */
    nshm_bell_ring(nshm_ring_data_bell(&link->rx));
    nshm_bell_ring(nshm_ring_space_bell(&link->tx));
    /* ...and the peer's, which learn that we are gone. */
    STORE_RELEASE(link->closed_here, 1u);
    nshm_bell_ring(nshm_ring_data_bell(&link->tx));
    nshm_bell_ring(nshm_ring_space_bell(&link->rx));
}

PB_EXPORT void pb_close(pb_link *link) {
    if (link == NULL) {
        return;
    }
    pb_shutdown(link);
    pb_watch_close(&link->peer);
    nshm_segment_unmap(&link->segment);
    free(link->partial);
    free(link);
}

PB_EXPORT int pb_link_rings(pb_link *link, void **tx_ring, void **rx_ring) {
    if (link == NULL || tx_ring == NULL || rx_ring == NULL) {
        return pb_fail(PB_ERR_INVALID, "pb_link_rings: NULL argument");
    }
    *tx_ring = link->tx.base;
    *rx_ring = link->rx.base;
    return PB_OK;
}
