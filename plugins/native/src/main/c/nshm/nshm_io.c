/* Moving messages: send, receive, and the waits between them. */
#define _GNU_SOURCE
#include "nshm_link.h"
#include "patchbay_transport.h"
#include "../common/pb_clock.h"
#include "../common/pb_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define COUNT(counter) __atomic_fetch_add(&(counter), 1, __ATOMIC_RELAXED)

static int is_shutdown(const pb_link *link) {
    return __atomic_load_n(&link->shutdown, __ATOMIC_SEQ_CST);
}

#ifdef NSHM_STALL_IN_CALLS
#include <time.h>

/*
 * A test build whose pb_send, pb_send_timeout, pb_receive and pb_await block, whatever their timeout and whatever
 * is in the rings, until the link is shut down: to check that hosts cut such calls off.
 */
static void stall_until_shutdown(const pb_link *link) {
    struct timespec nap = {.tv_sec = 0, .tv_nsec = 1000000};
    while (!is_shutdown(link)) {
        nanosleep(&nap, NULL);
    }
}
#endif

/* 1 if the peer closed its side or its process is gone; looks at the process at most every 100 ms. */
static int peer_gone(pb_link *link, int64_t now) {
    if (LOAD_ACQUIRE(link->closed_there) != 0) {
        return 1;
    }
    int64_t next = __atomic_load_n(&link->next_peer_check, __ATOMIC_RELAXED);
    if (now < next) {
        return 0;
    }
    __atomic_store_n(&link->next_peer_check, now + NSHM_PEER_CHECK_NS, __ATOMIC_RELAXED);
    COUNT(link->peer_checks);
    return pb_watch_gone(&link->peer);
}

static int ready(pb_link *link, int what, uint32_t length) {
    return what == PB_AWAIT_READABLE ? nshm_ring_readable(&link->rx) : nshm_ring_fits(&link->tx, length);
}

static int closed_error(const pb_link *link) {
    return pb_fail(PB_ERR_CLOSED, "%s was closed on this side", link->label);
}

static int peer_closed_error(const pb_link *link) {
    if (LOAD_ACQUIRE(link->closed_there) != 0) {
        return pb_fail(PB_ERR_PEER_CLOSED, "the peer closed %s", link->label);
    }
    return pb_fail(PB_ERR_PEER_CLOSED, "the peer of %s, process %lld, is gone", link->label,
                   (long long) link->peer.process.pid);
}

/*
 * Waits until the rings are ready for what: spins for spin_ns, then sleeps on the doorbell the other side rings,
 * in slices of at most 100 ms so that a peer that died without a word is noticed. Readable wins over a closed
 * peer: what it sent before it went is still delivered.
 */
static int wait_for(pb_link *link, int what, uint32_t length, int64_t timeout_ns) {
    int64_t now = pb_now_ns();
    int64_t deadline = timeout_ns < 0 ? INT64_MAX : now + timeout_ns;
    int64_t spin_until = now + link->spin_ns;
    uint32_t *bell = what == PB_AWAIT_READABLE ? nshm_ring_data_bell(&link->rx) : nshm_ring_space_bell(&link->tx);
    COUNT(link->waits);
    for (;;) {
        if (ready(link, what, length)) {
            return PB_OK;
        }
        if (is_shutdown(link)) {
            return closed_error(link);
        }
        now = pb_now_ns();
        if (peer_gone(link, now)) {
            return what == PB_AWAIT_READABLE && ready(link, what, length) ? PB_OK : peer_closed_error(link);
        }
        if (now >= deadline) {
            return PB_ERR_TIMEOUT;
        }
        if (now < spin_until) {
            pb_cpu_relax();
            continue;
        }
        uint32_t seen = nshm_bell_sequence(bell);
        nshm_bell_add_waiter(bell);
        if (!ready(link, what, length) && !is_shutdown(link) && LOAD_ACQUIRE(link->closed_there) == 0) {
            int64_t left = deadline - now;
            COUNT(link->sleeps);
            nshm_bell_sleep(bell, seen, left < NSHM_PEER_CHECK_NS ? left : NSHM_PEER_CHECK_NS);
        }
        nshm_bell_remove_waiter(bell);
    }
}

PB_EXPORT int pb_await(pb_link *link, int what, uint32_t length, int64_t timeout_ns) {
    if (link == NULL || (what != PB_AWAIT_READABLE && what != PB_AWAIT_WRITABLE)) {
        return pb_fail(PB_ERR_INVALID, "pb_await: no link, or what=%d is neither readable nor writable", what);
    }
    if (what == PB_AWAIT_WRITABLE && length > link->tx.max_payload) {
        return pb_fail(PB_ERR_INVALID, "pb_await: a record of %u bytes never fits a ring of %u", length,
                       link->tx.capacity);
    }
#ifdef NSHM_STALL_IN_CALLS
    stall_until_shutdown(link);
#endif
    return wait_for(link, what, length, timeout_ns);
}

#ifndef NSHM_OMIT_SEND
/* One record of prefix (prefix_length bytes, possibly 0) then data. */
static int put(pb_link *link, int32_t type, const void *prefix, uint32_t prefix_length, const uint8_t *data,
               uint32_t length, int64_t deadline) {
    while (!nshm_ring_offer_parts(&link->tx, type, prefix, prefix_length, data, length)) {
        int64_t left = deadline == INT64_MAX ? -1 : deadline - pb_now_ns();
        int r = wait_for(link, PB_AWAIT_WRITABLE, prefix_length + length,
                         deadline != INT64_MAX && left < 0 ? 0 : left);
        if (r != PB_OK) {
            return r;
        }
    }
    return PB_OK;
}

/*
 * One message, waiting for room until deadline (INT64_MAX: for good). A fragmented message that runs out of time
 * part way keeps its progress in sent_of_message, and the next call, with the same message, carries on there:
 * fragments already in the ring cannot be taken back.
 */
static int send_until(pb_link *link, const void *data, uint32_t length, int64_t deadline) {
    if (link == NULL || (data == NULL && length > 0)) {
        return pb_fail(PB_ERR_INVALID, "pb_send: NULL argument");
    }
#ifdef NSHM_CRASH_ON_SEND
    /* A test build: the bug every native module can have, a write through a bad pointer (SIGSEGV). */
    *(volatile uint32_t *) (uintptr_t) length = 0;
#endif
#ifdef NSHM_CRASH_AFTER_SENDS
    /* A test build that works for a while first: the same fault, once the process has sent that many messages. */
    static uint32_t sends;
    if (__atomic_add_fetch(&sends, 1, __ATOMIC_RELAXED) > NSHM_CRASH_AFTER_SENDS) {
        *(volatile uint32_t *) (uintptr_t) length = 0;
    }
#endif
#ifdef NSHM_STALL_IN_CALLS
    stall_until_shutdown(link);
#endif
    if (is_shutdown(link)) {
        return closed_error(link);
    }
    if (length > link->max_message) {
        return pb_fail(PB_ERR_TOO_LARGE, "message of %u bytes exceeds the limit of %u bytes", length,
                       link->max_message);
    }
    if (LOAD_ACQUIRE(link->closed_there) != 0) {
        return peer_closed_error(link);
    }
    const uint8_t *bytes = data;
    uint32_t chunk = link->tx.max_payload;
    if (length <= chunk) {
        return put(link, NSHM_MESSAGE, NULL, 0, bytes, length, deadline);
    }
    /* Longer than one record: a first fragment that says the whole length, so the reader sizes its buffer once. */
    uint32_t offset = link->sent_of_message < length ? link->sent_of_message : 0;
    if (offset == 0) {
        uint8_t total[NSHM_FIRST_HEADER];
        memcpy(total, &length, sizeof total);
        int r = put(link, NSHM_FIRST, total, sizeof total, bytes, chunk - NSHM_FIRST_HEADER, deadline);
        if (r != PB_OK) {
            link->sent_of_message = 0;
            return r;
        }
        offset = chunk - NSHM_FIRST_HEADER;
    }
    while (offset < length) {
        uint32_t n = length - offset < chunk ? length - offset : chunk;
        int r = put(link, NSHM_MORE, NULL, 0, bytes + offset, n, deadline);
        if (r != PB_OK) {
            link->sent_of_message = r == PB_ERR_TIMEOUT ? offset : 0;
            return r;
        }
        offset += n;
    }
    link->sent_of_message = 0;
    return PB_OK;
}

PB_EXPORT int pb_send(pb_link *link, const void *data, uint32_t length) {
    return send_until(link, data, length, INT64_MAX);
}

PB_EXPORT int pb_send_timeout(pb_link *link, const void *data, uint32_t length, int64_t timeout_ns) {
    return send_until(link, data, length, pb_deadline(timeout_ns));
}
#endif

static int corrupt(pb_link *link, const char *why) {
    snprintf(link->corruption, sizeof link->corruption, "corrupt record on %s: %s", link->label, why);
    pb_shutdown(link);
    return pb_fail(PB_ERR_CORRUPT, "%s", link->corruption);
}

static int corruptf(pb_link *link, const char *format, ...) __attribute__((format(printf, 2, 3)));

static int corruptf(pb_link *link, const char *format, ...) {
    char why[256];
    va_list args;
    va_start(args, format);
    vsnprintf(why, sizeof why, format, args);
    va_end(args);
    return corrupt(link, why);
}

/*
 * A first fragment: checks the whole length it announces against the limit, then makes room for all of it at once
 * (kept for later messages, never shrunk). PB_OK, or PB_ERR_CORRUPT, as the host's Java reader words it.
 */
static int begin(pb_link *link, const uint8_t *payload, uint32_t length, uint64_t offset) {
    if (link->partial_total > 0) {
        return corruptf(link, "record at offset %llu of the ring: a new fragmented message began while one was"
                        " %u of %u bytes in", (unsigned long long) offset, link->partial_length,
                        link->partial_total);
    }
    if (length < NSHM_FIRST_HEADER) {
        return corruptf(link, "record at offset %llu of the ring: a first fragment of %u bytes is too short for its"
                        " header", (unsigned long long) offset, length);
    }
    uint32_t total;
    memcpy(&total, payload, sizeof total);
    uint32_t carried = length - NSHM_FIRST_HEADER;
    if (total > link->max_message || total > INT32_MAX) {
        return corruptf(link, "record at offset %llu of the ring: a fragmented message claims %u bytes, which"
                        " exceeds the limit of %u bytes", (unsigned long long) offset, total, link->max_message);
    }
    if (total <= carried) {
        return corruptf(link, "record at offset %llu of the ring: a fragmented message of %u bytes came in one"
                        " fragment", (unsigned long long) offset, total);
    }
    if (total > link->partial_capacity) {
        uint8_t *grown = realloc(link->partial, total);
        if (grown == NULL) {
            return pb_fail(PB_ERR_IO, "out of memory for a %u-byte message", total);
        }
        link->partial = grown;
        link->partial_capacity = total;
    }
    memcpy(link->partial, payload + NSHM_FIRST_HEADER, carried);
    link->partial_length = carried;
    link->partial_total = total;
    return PB_OK;
}

/* A following fragment; PB_OK or PB_ERR_CORRUPT if none was begun or it runs past the announced length. */
static int append(pb_link *link, const uint8_t *payload, uint32_t length, uint64_t offset) {
    if (link->partial_total == 0) {
        return corruptf(link, "record at offset %llu of the ring: a fragment arrived with no message begun",
                        (unsigned long long) offset);
    }
    if (length > link->partial_total - link->partial_length) {
        return corruptf(link, "record at offset %llu of the ring: a fragment of %u bytes overruns a message that"
                        " was %u of %u bytes in", (unsigned long long) offset, length, link->partial_length,
                        link->partial_total);
    }
    memcpy(link->partial + link->partial_length, payload, length);
    link->partial_length += length;
    return PB_OK;
}

/* Copies one message into the caller's buffer at *used; 0 if it does not fit. */
static int deliver(uint8_t *buffer, uint32_t capacity, uint32_t *used, const uint8_t *payload, uint32_t length) {
    uint64_t at = (*used + 3u) & ~3u;
    if (at + 4 + length > capacity) {
        return 0;
    }
    memcpy(buffer + at, &length, 4);
    memcpy(buffer + at + 4, payload, length);
    *used = (uint32_t) (at + 4 + length);
    return 1;
}

static int too_small(uint8_t *buffer, uint32_t length) {
    memcpy(buffer, &length, 4);
    return PB_ERR_TOO_SMALL;
}

/* Hands out what is there; the count, or PB_ERR_TOO_SMALL / PB_ERR_CORRUPT. */
static int drain(pb_link *link, uint8_t *buffer, uint32_t capacity) {
    uint32_t used = 0;
    int count = 0;
    if (link->partial_complete) {
        if (!deliver(buffer, capacity, &used, link->partial, link->partial_length)) {
            return too_small(buffer, link->partial_length);
        }
        link->partial_complete = 0;
        link->partial_length = 0;
        link->partial_total = 0;
        count++;
    }
    nshm_cursor cursor;
    nshm_ring_begin(&link->rx, &cursor);
    int result = 0;
    for (;;) {
        int32_t type;
        const uint8_t *payload;
        uint32_t length;
        int r = nshm_ring_peek(&link->rx, &cursor, &type, &payload, &length);
        if (r == 0) {
            break;
        }
        if (r < 0) {
            result = corrupt(link, pb_error_text());
            break;
        }
        /* Where the record starts in the ring, as the host's reader counts: from the ring's descriptor. */
        uint64_t offset = (uint64_t) (payload - NSHM_RECORD_HEADER - link->rx.base);
        if (type == NSHM_MESSAGE) {
            if (link->partial_total > 0) {
                result = corruptf(link, "record at offset %llu of the ring: a whole message arrived while a"
                                  " fragmented one was %u of %u bytes in", (unsigned long long) offset,
                                  link->partial_length, link->partial_total);
                break;
            }
            if (!deliver(buffer, capacity, &used, payload, length)) {
                if (count == 0) {
                    result = too_small(buffer, length);
                }
                break;
            }
            count++;
            nshm_ring_skip(&cursor, length);
        } else if (type == NSHM_FIRST || type == NSHM_MORE) {
            result = type == NSHM_FIRST ? begin(link, payload, length, offset)
                                        : append(link, payload, length, offset);
            if (result != PB_OK) {
                break;
            }
            nshm_ring_skip(&cursor, length);
            if (link->partial_length == link->partial_total) {
                if (!deliver(buffer, capacity, &used, link->partial, link->partial_length)) {
                    /* Consumed from the ring already: keep it for the next call. */
                    link->partial_complete = 1;
                    if (count == 0) {
                        result = too_small(buffer, link->partial_length);
                    }
                    break;
                }
                link->partial_length = 0;
                link->partial_total = 0;
                count++;
            }
        } else {
            result = corruptf(link, "record at offset %llu of the ring: record type %d is none of 1 (message), 2"
                              " (first fragment), 3 (fragment)", (unsigned long long) offset, type);
            break;
        }
    }
    nshm_ring_end(&link->rx, &cursor);
    return count > 0 ? count : result;
}

PB_EXPORT int pb_receive(pb_link *link, void *buffer, uint32_t capacity, int64_t timeout_ns) {
    if (link == NULL || buffer == NULL || capacity < 8) {
        return pb_fail(PB_ERR_INVALID, "pb_receive: no link, or a buffer below 8 bytes");
    }
#ifdef NSHM_STALL_IN_CALLS
    stall_until_shutdown(link);
#endif
    int64_t deadline = pb_deadline(timeout_ns);
    for (;;) {
        /* Messages before the bad record were handed out by an earlier call; now say what went wrong. */
        if (link->corruption[0] != '\0') {
            return pb_fail(PB_ERR_CORRUPT, "%s", link->corruption);
        }
        if (is_shutdown(link)) {
            return closed_error(link);
        }
        int r = drain(link, buffer, capacity);
        if (r != 0) {
            return r;
        }
        int64_t left = deadline == INT64_MAX ? -1 : deadline - pb_now_ns();
        if (left == 0 || (left < 0 && deadline != INT64_MAX)) {
            return 0;
        }
        r = wait_for(link, PB_AWAIT_READABLE, 0, left);
        if (r == PB_ERR_TIMEOUT) {
            return 0;
        }
        if (r != PB_OK) {
            return r;
        }
    }
}
