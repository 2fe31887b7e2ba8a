/* Moving messages over the floor's rings, and the waits between them. */
#define _GNU_SOURCE
#include "shm_floor_link.h"
#include "common/pb_clock.h"
#include "common/pb_error.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>

/* Patchbay's default backoff (shared-mem BackoffIdle.DEFAULT): 10 spins, 5 yields, parks from 1 µs to 1 ms. */
#define BACKOFF_SPINS 10
#define BACKOFF_YIELDS 5
#define BACKOFF_MIN_PARK_NS 1000LL
#define BACKOFF_MAX_PARK_NS 1000000LL
/* A waiting side asks whether its peer's process still exists this often, in idle steps, and at every park. */
#define PEER_CHECK_STEPS 65536u

struct idle {
    unsigned steps;
    int64_t park_ns;
};

uint64_t floor_data_length(void)
{
    return FLOOR_RINGS + 2 * NSHM_RING_LENGTH(FLOOR_RING_CAPACITY);
}

static uint8_t *ring_at(uint8_t *data, int towards_receiver)
{
    return data + FLOOR_RINGS + (towards_receiver ? 0 : NSHM_RING_LENGTH(FLOOR_RING_CAPACITY));
}

void floor_format(uint8_t *data)
{
    nshm_ring_format(ring_at(data, 1), FLOOR_RING_CAPACITY);
    nshm_ring_format(ring_at(data, 0), FLOOR_RING_CAPACITY);
}

int floor_attach(struct floor_side *side, int receiver, enum floor_wait wait)
{
    uint8_t *data = nshm_segment_data(&side->segment);
    if (nshm_ring_attach(&side->tx, ring_at(data, !receiver), FLOOR_RING_CAPACITY) != 0
        || nshm_ring_attach(&side->rx, ring_at(data, receiver), FLOOR_RING_CAPACITY) != 0) {
        return -1;
    }
    nshm_ring_begin(&side->rx, &side->cursor);
    side->closed_here = (uint32_t *) (data + (receiver ? FLOOR_RECEIVER_CLOSED : FLOOR_SENDER_CLOSED));
    side->closed_there = (uint32_t *) (data + (receiver ? FLOOR_SENDER_CLOSED : FLOOR_RECEIVER_CLOSED));
    side->wait = wait;
    return 0;
}

int floor_wait_parse(const char *text, enum floor_wait *out)
{
    if (strcmp(text, "spin") == 0) {
        *out = FLOOR_SPIN;
        return 0;
    }
    if (strcmp(text, "backoff") == 0) {
        *out = FLOOR_BACKOFF;
        return 0;
    }
    return -1;
}

/* 1 once the peer has closed its side or its process is gone (a killed peer says nothing). */
static int peer_gone(const struct floor_side *side, const struct idle *idle, int parked)
{
    if (__atomic_load_n(side->closed_there, __ATOMIC_ACQUIRE) != 0) {
        return 1;
    }
    if (!parked && idle->steps % PEER_CHECK_STEPS != 0) {
        return 0;
    }
    return kill((pid_t) side->peer_pid, 0) != 0 && errno == ESRCH;
}

/* One step of waiting; 1 if the peer is gone. */
static int idle_step(const struct floor_side *side, struct idle *idle)
{
    int parked = 0;
    idle->steps++;
    if (side->wait == FLOOR_SPIN || idle->steps <= BACKOFF_SPINS) {
        pb_cpu_relax();
    } else if (idle->steps <= BACKOFF_SPINS + BACKOFF_YIELDS) {
        sched_yield();
    } else {
        pb_sleep_ns(idle->park_ns);
        idle->park_ns = idle->park_ns * 2 < BACKOFF_MAX_PARK_NS ? idle->park_ns * 2 : BACKOFF_MAX_PARK_NS;
        parked = 1;
    }
    return peer_gone(side, idle, parked);
}

/* Hands the records read so far back to the producer. */
static void release(struct floor_side *side)
{
    nshm_ring_end(&side->rx, &side->cursor);
    nshm_ring_begin(&side->rx, &side->cursor);
}

static int read_record(void *state, unsigned char *msg, size_t len)
{
    struct floor_side *side = state;
    struct idle idle = {0, BACKOFF_MIN_PARK_NS};
    for (;;) {
        int32_t type;
        const uint8_t *payload;
        uint32_t length;
        int found = nshm_ring_peek(&side->rx, &side->cursor, &type, &payload, &length);
        if (found > 0) {
            if (type != FLOOR_MESSAGE || length != len) {
                errno = EPROTO;
                return IO_FAILED;
            }
            memcpy(msg, payload, len);
            nshm_ring_skip(&side->cursor, length);
            /* A quarter of the ring at most stays unreleased, so a streaming producer never waits on it. */
            if (side->cursor.position - side->cursor.head >= FLOOR_RING_CAPACITY / 4) {
                release(side);
            }
            return IO_OK;
        }
        if (found < 0) {
            errno = EPROTO;
            return IO_FAILED;
        }
        release(side);
        if (idle_step(side, &idle)) {
            /* What the peer wrote before it closed is still read. */
            if (nshm_ring_readable(&side->rx)) {
                continue;
            }
            return IO_EOF;
        }
    }
}

static int write_record(void *state, const unsigned char *msg, size_t len)
{
    struct floor_side *side = state;
    if (len > side->tx.max_payload) {
        errno = EMSGSIZE;
        return IO_FAILED;
    }
    struct idle idle = {0, BACKOFF_MIN_PARK_NS};
    while (!nshm_ring_offer(&side->tx, FLOOR_MESSAGE, msg, (uint32_t) len)) {
        if (idle_step(side, &idle)) {
            errno = EPIPE;
            return IO_FAILED;
        }
    }
    return IO_OK;
}

static void close_side(void *state)
{
    struct floor_side *side = state;
    release(side);
    __atomic_store_n(side->closed_here, 1u, __ATOMIC_RELEASE);
    nshm_segment_unmap(&side->segment);
}

struct bench_link floor_link(struct floor_side *side)
{
    struct bench_link link = {side, read_record, write_record, close_side};
    return link;
}
