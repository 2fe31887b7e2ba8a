/*
 * The nshm link: one POSIX segment holding a control block and two rings (docs/PROTOCOL.md, "nshm link").
 *
 *   data area +0    control block (256 bytes)
 *             +256  ring listener -> connector (640 + capacity)
 *             +...  ring connector -> listener (640 + capacity)
 */
#ifndef NSHM_LINK_H
#define NSHM_LINK_H

#include "patchbay_transport.h"
#include "nshm_address.h"
#include "nshm_ring.h"
#include "nshm_segment.h"
#include "../common/pb_process.h"

#include <stdint.h>

#define NSHM_CONTROL_MAGIC 0x4c4e4250u /* "PBNL" */
#define NSHM_CONTROL_LENGTH 256
/*
 * Layout version of the control block and what the rings carry. 2.0: message records with the whole length in
 * the first fragment (1.x ended fragments with a marked last one instead: a 1.x peer would misread them).
 */
#define NSHM_LAYOUT_MAJOR 2
#define NSHM_LAYOUT_MINOR 0

/* Control block offsets. */
#define C_MAGIC 0
#define C_MAJOR 4
#define C_MINOR 6
#define C_STATE 8
#define C_CAPACITY 12
#define C_MAX_MESSAGE 16
#define C_LISTENER_CLOSED 20
#define C_CONNECTOR_CLOSED 24
#define C_LISTENER_PID 32
#define C_LISTENER_START 40
#define C_CONNECTOR_PID 48
#define C_CONNECTOR_START 56
#define C_ACCEPT_BELL 64

/* C_STATE values. */
#define NSHM_WAITING 0u
#define NSHM_CLAIMED 1u
#define NSHM_CONNECTED 2u

/* Message records (docs/PROTOCOL.md, "Message records"), as the shm link and the host write them. */
#define NSHM_MESSAGE 1
/* The first fragment: the whole message's length (u32), then its first bytes. */
#define NSHM_FIRST 2
/* A following fragment. */
#define NSHM_MORE 3
#define NSHM_FIRST_HEADER 4

#define NSHM_FIELD(base, type, offset) ((type *) ((base) + (offset)))

/** How often a waiting call looks at the peer process at the latest. */
#define NSHM_PEER_CHECK_NS (100 * PB_MILLIS)

struct pb_acceptor {
    nshm_segment segment;
    uint8_t *control;
    nshm_address address;
    uint32_t max_message;
    int shutdown;
    int accepted;
};

struct pb_link {
    nshm_segment segment;
    uint8_t *control;
    nshm_ring tx;
    nshm_ring rx;
    uint32_t *closed_here;
    uint32_t *closed_there;
    pb_watch peer;
    int64_t next_peer_check;
    uint32_t max_message;
    int64_t spin_ns;
    int shutdown;
    /** "nshm:<name>", for messages. */
    char label[NSHM_ADDRESS_NAME_MAX + 8];
    /*
     * Receiving thread only: a message arriving in fragments (partial_total > 0 while one is), and whether it is
     * complete but not handed out.
     */
    uint8_t *partial;
    uint32_t partial_length;
    uint32_t partial_total;
    uint32_t partial_capacity;
    int partial_complete;
    /* Sending thread only: bytes of a fragmented message already in the ring when pb_send_timeout timed out. */
    uint32_t sent_of_message;
    /** Why the link is corrupt, once it is: every later receive reports it again. */
    char corruption[600];
    /* Diagnostics, updated by both threads. */
    uint64_t waits;
    uint64_t sleeps;
    uint64_t peer_checks;
};

/** The data area length for rings of this capacity. */
uint64_t nshm_data_length(uint32_t capacity);

/** The ring from the listener to the connector (direction 0) or back (1), in a data area. */
uint8_t *nshm_ring_base(uint8_t *data, uint32_t capacity, int direction);

/** Makes the link of one side over a mapped, connected segment; 0 or PB_ERR_* with the error text set. */
int nshm_link_make(pb_link **out, nshm_segment *segment, int listener, const nshm_address *address,
                   uint32_t max_message);

#endif
