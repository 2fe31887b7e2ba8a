#define _GNU_SOURCE
#include "nshm_ring.h"
#include "../common/pb_error.h"

#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE_RELEASE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

static uint32_t stride_of(uint32_t length) {
    return (NSHM_RECORD_HEADER + length + 7u) & ~7u;
}

static int32_t *length_at(const nshm_ring *ring, uint64_t position) {
    return (int32_t *) (ring->area + (position & (ring->capacity - 1)));
}

static int32_t *type_at(const nshm_ring *ring, uint64_t position) {
    return length_at(ring, position) + 1;
}

static uint64_t *tail_of(const nshm_ring *ring) {
    return (uint64_t *) (ring->base + NSHM_RING_TAIL_OFFSET);
}

static uint64_t *head_of(const nshm_ring *ring) {
    return (uint64_t *) (ring->base + NSHM_RING_HEAD_OFFSET);
}

void nshm_ring_format(uint8_t *base, uint32_t capacity) {
    memset(base, 0, NSHM_RING_LENGTH(capacity));
    *(uint16_t *) (base + NSHM_RING_MAJOR_OFFSET) = 1;
    *(uint16_t *) (base + NSHM_RING_MINOR_OFFSET) = 0;
    *(uint32_t *) (base + NSHM_RING_CAPACITY_OFFSET) = capacity;
    *(uint32_t *) (base + NSHM_RING_MAX_MESSAGE_OFFSET) = capacity / 8;
    *(uint32_t *) (base + NSHM_RING_FLAGS_OFFSET) = NSHM_RING_FLAG_DOORBELLS;
    STORE_RELEASE((uint32_t *) (base + NSHM_RING_MAGIC_OFFSET), NSHM_RING_MAGIC);
}

int nshm_ring_attach(nshm_ring *ring, uint8_t *base, uint32_t capacity) {
    uint32_t magic = LOAD_ACQUIRE((uint32_t *) (base + NSHM_RING_MAGIC_OFFSET));
    if (magic != NSHM_RING_MAGIC) {
        return pb_fail(-1, "no ring buffer where one belongs: magic 0x%08x, expected 0x%08x 'PBRB'", magic,
                       NSHM_RING_MAGIC);
    }
    uint16_t major = *(uint16_t *) (base + NSHM_RING_MAJOR_OFFSET);
    uint32_t found = *(uint32_t *) (base + NSHM_RING_CAPACITY_OFFSET);
    uint32_t flags = *(uint32_t *) (base + NSHM_RING_FLAGS_OFFSET);
    if (major != 1) {
        return pb_fail(-1, "ring buffer layout %u.x, this module reads 1.x", major);
    }
    if (found != capacity || (flags & NSHM_RING_FLAG_MANY_PRODUCERS) || !(flags & NSHM_RING_FLAG_DOORBELLS)) {
        return pb_fail(-1, "ring buffer with capacity=%u, flags=0x%x; expected capacity=%u, one producer, doorbells",
                       found, flags, capacity);
    }
    ring->base = base;
    ring->area = base + NSHM_RING_AREA_OFFSET;
    ring->capacity = capacity;
    ring->max_payload = capacity / 8;
    ring->head_cache = LOAD_ACQUIRE(head_of(ring));
    return 0;
}

/* Bytes needed at tail for a record of this stride: a padding record first if it would not fit before the end. */
static uint32_t padding_at(const nshm_ring *ring, uint64_t tail, uint32_t stride) {
    uint32_t to_end = ring->capacity - (uint32_t) (tail & (ring->capacity - 1));
    return stride > to_end ? to_end : 0;
}

int nshm_ring_fits(nshm_ring *ring, uint32_t length) {
    uint32_t stride = stride_of(length);
    uint64_t tail = __atomic_load_n(tail_of(ring), __ATOMIC_RELAXED);
    uint64_t needed = tail + padding_at(ring, tail, stride) + stride;
    if (needed - ring->head_cache <= ring->capacity) {
        return 1;
    }
    ring->head_cache = LOAD_ACQUIRE(head_of(ring));
    return needed - ring->head_cache <= ring->capacity;
}

int nshm_ring_offer(nshm_ring *ring, int32_t type, const void *payload, uint32_t length) {
    return nshm_ring_offer_parts(ring, type, NULL, 0, payload, length);
}

int nshm_ring_offer_parts(nshm_ring *ring, int32_t type, const void *prefix, uint32_t prefix_length,
                          const void *payload, uint32_t length) {
    uint32_t total = prefix_length + length;
    if (!nshm_ring_fits(ring, total)) {
        return 0;
    }
    uint32_t stride = stride_of(total);
    /* Only this producer writes the tail: a relaxed load reads its own last store. */
    uint64_t tail = __atomic_load_n(tail_of(ring), __ATOMIC_RELAXED);
    uint32_t padding = padding_at(ring, tail, stride);
    STORE_RELEASE(tail_of(ring), tail + padding + stride);
    if (padding > 0) {
        *type_at(ring, tail) = NSHM_RECORD_PADDING;
        STORE_RELEASE(length_at(ring, tail), (int32_t) padding);
        tail += padding;
    }
    *type_at(ring, tail) = type;
    STORE_RELEASE(length_at(ring, tail), -(int32_t) (NSHM_RECORD_HEADER + total));
    uint8_t *at = (uint8_t *) (length_at(ring, tail) + 2);
    if (prefix_length > 0) {
        memcpy(at, prefix, prefix_length);
    }
    memcpy(at + prefix_length, payload, length);
    STORE_RELEASE(length_at(ring, tail), (int32_t) (NSHM_RECORD_HEADER + total));
    nshm_bell_ring(nshm_ring_data_bell(ring));
    return 1;
}

int nshm_ring_readable(const nshm_ring *ring) {
    uint64_t head = __atomic_load_n(head_of(ring), __ATOMIC_RELAXED);
    return LOAD_ACQUIRE(length_at(ring, head)) > 0;
}

void nshm_ring_begin(const nshm_ring *ring, nshm_cursor *cursor) {
    cursor->head = __atomic_load_n(head_of(ring), __ATOMIC_RELAXED);
    cursor->position = cursor->head;
}

int nshm_ring_peek(const nshm_ring *ring, nshm_cursor *cursor, int32_t *type, const uint8_t **payload,
                   uint32_t *length) {
    for (;;) {
        if (cursor->position - cursor->head >= ring->capacity) {
            return 0;
        }
        int32_t record = LOAD_ACQUIRE(length_at(ring, cursor->position));
        if (record <= 0) {
            return 0;
        }
        uint32_t index = (uint32_t) (cursor->position & (ring->capacity - 1));
        uint32_t to_end = ring->capacity - index;
        int32_t kind = *type_at(ring, cursor->position);
        uint32_t stride = ((uint32_t) record + 7u) & ~7u;
        if (record < NSHM_RECORD_HEADER || stride > to_end) {
            return pb_fail(-1, "corrupt record at ring index %u: length %d does not fit the %u bytes to the end",
                           index, record, to_end);
        }
        if (kind == NSHM_RECORD_PADDING) {
            cursor->position += stride;
            continue;
        }
        *type = kind;
        *payload = (const uint8_t *) (length_at(ring, cursor->position) + 2);
        *length = (uint32_t) record - NSHM_RECORD_HEADER;
        return 1;
    }
}

void nshm_ring_skip(nshm_cursor *cursor, uint32_t length) {
    cursor->position += stride_of(length);
}

void nshm_ring_end(nshm_ring *ring, const nshm_cursor *cursor) {
    uint64_t consumed = cursor->position - cursor->head;
    if (consumed == 0) {
        return;
    }
    /* Zero before handing the space back: a producer may only find zeros where nothing is committed. */
    uint32_t start = (uint32_t) (cursor->head & (ring->capacity - 1));
    uint64_t first = consumed < ring->capacity - start ? consumed : ring->capacity - start;
    memset(ring->area + start, 0, first);
    memset(ring->area, 0, consumed - first);
    STORE_RELEASE(head_of(ring), cursor->position);
    nshm_bell_ring(nshm_ring_space_bell(ring));
}

uint32_t *nshm_ring_data_bell(const nshm_ring *ring) {
    return (uint32_t *) (ring->base + NSHM_RING_DATA_BELL_OFFSET);
}

uint32_t *nshm_ring_space_bell(const nshm_ring *ring) {
    return (uint32_t *) (ring->base + NSHM_RING_SPACE_BELL_OFFSET);
}

void nshm_bell_ring(uint32_t *bell) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(bell + 1, __ATOMIC_SEQ_CST) != 0) {
        __atomic_fetch_add(bell, 1, __ATOMIC_SEQ_CST);
        /* Not FUTEX_PRIVATE_FLAG: the sleeper is in another process. */
        syscall(SYS_futex, bell, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
    }
}

uint32_t nshm_bell_sequence(const uint32_t *bell) {
    return __atomic_load_n(bell, __ATOMIC_SEQ_CST);
}

void nshm_bell_add_waiter(uint32_t *bell) {
    __atomic_fetch_add(bell + 1, 1, __ATOMIC_SEQ_CST);
}

void nshm_bell_remove_waiter(uint32_t *bell) {
    __atomic_fetch_sub(bell + 1, 1, __ATOMIC_SEQ_CST);
}

void nshm_bell_sleep(uint32_t *bell, uint32_t seen, int64_t timeout_ns) {
    struct timespec timeout = {timeout_ns / 1000000000, timeout_ns % 1000000000};
    /* EAGAIN (rung meanwhile), ETIMEDOUT and EINTR all mean: look again. */
    syscall(SYS_futex, bell, FUTEX_WAIT, seen, &timeout, NULL, 0);
}
