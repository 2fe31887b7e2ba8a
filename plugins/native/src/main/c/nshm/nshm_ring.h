/*
 * Ring buffers and doorbells exactly as docs/PROTOCOL.md ("Ring buffer", "Doorbells") describes them, for one
 * producer and one consumer: the same bytes the Java shared-mem library reads and writes.
 */
#ifndef NSHM_RING_H
#define NSHM_RING_H

#include <stdint.h>

#define NSHM_RING_MAGIC 0x42524250u /* "PBRB" */
#define NSHM_RING_FLAG_MANY_PRODUCERS 1u
#define NSHM_RING_FLAG_DOORBELLS 2u

/* Descriptor offsets, from the ring's start (which is 64-byte aligned). */
#define NSHM_RING_MAGIC_OFFSET 0
#define NSHM_RING_MAJOR_OFFSET 4
#define NSHM_RING_MINOR_OFFSET 6
#define NSHM_RING_CAPACITY_OFFSET 8
#define NSHM_RING_MAX_MESSAGE_OFFSET 12
#define NSHM_RING_FLAGS_OFFSET 16
#define NSHM_RING_TAIL_OFFSET 128
#define NSHM_RING_HEAD_OFFSET 256
#define NSHM_RING_DATA_BELL_OFFSET 384
#define NSHM_RING_SPACE_BELL_OFFSET 512
#define NSHM_RING_AREA_OFFSET 640

#define NSHM_RECORD_HEADER 8
#define NSHM_RECORD_PADDING (-1)

/** The bytes a ring of this capacity takes. */
#define NSHM_RING_LENGTH(capacity) (NSHM_RING_AREA_OFFSET + (uint64_t) (capacity))

/** One side's handle on a ring in shared memory. */
typedef struct nshm_ring {
    uint8_t *base;
    uint8_t *area;
    uint32_t capacity;
    /** The longest payload of one record: capacity / 8. */
    uint32_t max_payload;
    /** Producer only: its last view of the head, refreshed when space seems short. */
    uint64_t head_cache;
} nshm_ring;

/** A consumer's walk over committed records; nothing is freed until nshm_ring_end. */
typedef struct nshm_cursor {
    uint64_t head;
    uint64_t position;
} nshm_cursor;

/** Formats a new, empty ring (one producer, doorbells) at base; the magic is stored last, with release. */
void nshm_ring_format(uint8_t *base, uint32_t capacity);

/** Attaches to a formatted ring; 0 on success, -1 (with the reason in the error text) if it is not one we use. */
int nshm_ring_attach(nshm_ring *ring, uint8_t *base, uint32_t capacity);

/** Producer: copies one record in; 1 if written, 0 if the ring is too full now. */
int nshm_ring_offer(nshm_ring *ring, int32_t type, const void *payload, uint32_t length);

/** Producer: one record of prefix then payload (their lengths add up to at most max_payload); as nshm_ring_offer. */
int nshm_ring_offer_parts(nshm_ring *ring, int32_t type, const void *prefix, uint32_t prefix_length,
                          const void *payload, uint32_t length);

/** Producer: 1 if a record of length payload bytes fits now. */
int nshm_ring_fits(nshm_ring *ring, uint32_t length);

/** Consumer: 1 if a committed record (or padding) waits at the head. */
int nshm_ring_readable(const nshm_ring *ring);

void nshm_ring_begin(const nshm_ring *ring, nshm_cursor *cursor);

/**
 * Consumer: the committed record at the cursor, skipping padding. Does not move past it: call nshm_ring_skip.
 *
 * @return 1 with type, payload and length set; 0 if none is committed yet; -1 if the bytes there are not a valid
 *         record (the error text says why)
 */
int nshm_ring_peek(const nshm_ring *ring, nshm_cursor *cursor, int32_t *type, const uint8_t **payload,
                   uint32_t *length);

/** Consumer: moves the cursor past the record of this payload length. */
void nshm_ring_skip(nshm_cursor *cursor, uint32_t length);

/** Consumer: zeroes what the cursor passed, hands the space back and rings the space doorbell. */
void nshm_ring_end(nshm_ring *ring, const nshm_cursor *cursor);

uint32_t *nshm_ring_data_bell(const nshm_ring *ring);
uint32_t *nshm_ring_space_bell(const nshm_ring *ring);

/** Wakes whoever sleeps on the doorbell (a u32 sequence followed by a u32 count of waiters); cheap if nobody. */
void nshm_bell_ring(uint32_t *bell);

/** The doorbell's sequence now: read it before the last check, then sleep on it. */
uint32_t nshm_bell_sequence(const uint32_t *bell);

void nshm_bell_add_waiter(uint32_t *bell);
void nshm_bell_remove_waiter(uint32_t *bell);

/** Sleeps while the sequence is still seen, at most timeout_ns. Spurious returns are fine. */
void nshm_bell_sleep(uint32_t *bell, uint32_t seen, int64_t timeout_ns);

#endif
