/*
 * The medium of shm-floor-bench: two rings in one POSIX segment, in the layout of Patchbay's shm backend
 * (docs/PROTOCOL.md, "Ring buffer"), read and written by the nshm module's own ring code (plugins/native, linked
 * in). Nothing is on top of the rings: no peer slots, no fragments, no close gate, no liveness check per message.
 * That is the floor: what moving a message through this memory layout costs from C.
 *
 * Data area of the segment /dev/shm/patchbay-<name>:
 *
 *   +0     receiver pid (i64)           one cache-line pair each, so neither side's flag shares a line
 *   +128   sender pid (i64), stored by the sender when it has attached
 *   +256   receiver closed (u32)
 *   +384   sender closed (u32)
 *   +512   ring sender -> receiver (640 + capacity)
 *   +...   ring receiver -> sender (640 + capacity)
 */
#ifndef SHM_FLOOR_LINK_H
#define SHM_FLOOR_LINK_H

#include "bench_proto.h"
#include "nshm/nshm_ring.h"
#include "nshm/nshm_segment.h"

#include <stdint.h>

/* The rings' capacity: the same 1 MiB each way as the Patchbay and Agrona contenders of the shm suites. */
#define FLOOR_RING_CAPACITY (1u << 20)

#define FLOOR_RECEIVER_PID 0
#define FLOOR_SENDER_PID 128
#define FLOOR_RECEIVER_CLOSED 256
#define FLOOR_SENDER_CLOSED 384
#define FLOOR_RINGS 512

/* Every message is one record of type 1, MESSAGE, as the shm link writes a message that fits one record. */
#define FLOOR_MESSAGE 1

/* How a side waits for its peer: spin on the CPU's pause, or Patchbay's wait=backoff schedule (BackoffIdle). */
enum floor_wait { FLOOR_SPIN, FLOOR_BACKOFF };

struct floor_side {
    nshm_segment segment;
    nshm_ring tx;
    nshm_ring rx;
    /* Records read but not yet handed back: released in batches, as a polling consumer would. */
    nshm_cursor cursor;
    uint32_t *closed_here;
    uint32_t *closed_there;
    int64_t peer_pid;
    enum floor_wait wait;
};

/* The data area a segment needs. */
uint64_t floor_data_length(void);

/* Formats both rings in a freshly created segment's data area; the caller publishes the segment. */
void floor_format(uint8_t *data);

/*
 * Attaches a side to a published segment's rings; receiver is 1 for the side that created it. 0, or -1 with the
 * reason in pb_error_text().
 */
int floor_attach(struct floor_side *side, int receiver, enum floor_wait wait);

/* The side's bench_link: reads and writes one whole record per message; close marks this side closed. */
struct bench_link floor_link(struct floor_side *side);

/* Parses "spin" or "backoff"; -1 for anything else. */
int floor_wait_parse(const char *text, enum floor_wait *out);

#endif
