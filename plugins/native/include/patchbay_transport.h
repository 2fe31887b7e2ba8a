/*
 * patchbay_transport.h - the C ABI of a Patchbay native transport.
 *
 * A native transport is a shared library (.so on Linux, .dylib on macOS, .dll on Windows) that exports the
 * functions below with C linkage. The Patchbay host loads it from its plugins folder, reads pb_module_info(),
 * refuses it unless abi_version equals the host's PB_ABI_VERSION and every required function is exported, and
 * adapts it into a Transport: listen/accept/connect open links, send/receive move whole messages.
 *
 * Plain C types only: fixed-width integers, const char * (UTF-8, NUL-terminated) and opaque pointers. Every
 * function that can fail returns an int: >= 0 on success, one of the negative PB_ERR_* codes on failure, and
 * then pb_last_error() on the same thread says what happened in words a user can act on.
 *
 * Threads (the host keeps to these rules; a module may rely on them):
 *   - On one link, one thread may send while another receives; sends never overlap each other, nor receives.
 *   - pb_shutdown() and pb_acceptor_shutdown() may be called from any thread at any time, also while another
 *     thread is blocked in a call on the same object; they wake that call, which then returns PB_ERR_CLOSED.
 *   - pb_close() and pb_acceptor_close() are called once, after the host has made sure no other call on that
 *     object is running or will be made. They release everything the object holds.
 *   - Different links and acceptors are used concurrently, from any threads.
 *
 * Lifetime: the host never unloads a library while a call into it is running or a link or acceptor it made is
 * open. Two versions of one module (two files) may be loaded at once during a hot patch: keep state in the
 * objects, not in globals, unless the globals are per library and harmless to duplicate.
 *
 * The full guide, with the rules for blocking, errors and unloading, is docs/PLUGIN-GUIDE.md.
 */
#ifndef PATCHBAY_TRANSPORT_H
#define PATCHBAY_TRANSPORT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this ABI. A module reports the version it was compiled with; the host accepts only its own. */
#define PB_ABI_VERSION 1

/** Marks the functions a module exports; build with -fvisibility=hidden so that nothing else is exported. */
#if defined(_WIN32)
#define PB_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define PB_EXPORT __attribute__((visibility("default")))
#else
#define PB_EXPORT
#endif

/* ------------------------------------------------------------------------------------------------ results */

/** Success. Functions that count (pb_receive) return the count instead, >= 0. */
#define PB_OK 0
/** Nothing happened within the timeout: no peer for accept/connect, no readiness for pb_await, no room for
 * pb_send_timeout. */
#define PB_ERR_TIMEOUT (-1)
/** The peer closed the link or its process is gone, and everything it sent has been received. */
#define PB_ERR_PEER_CLOSED (-2)
/** This side shut the object down (pb_shutdown, pb_acceptor_shutdown), or it was already accepted. */
#define PB_ERR_CLOSED (-3)
/** The message is longer than the link's limit; nothing was sent and the link stays open. */
#define PB_ERR_TOO_LARGE (-4)
/** The peer put bytes on the medium that are not a valid message; the link is unusable. */
#define PB_ERR_CORRUPT (-5)
/** The address is not one this module understands (bad name, unknown parameter value). */
#define PB_ERR_ADDRESS (-6)
/** An operating-system call failed. */
#define PB_ERR_IO (-7)
/** pb_receive: the next message does not fit the buffer; its length is in the buffer's first 4 bytes. */
#define PB_ERR_TOO_SMALL (-8)
/** The optional feature is not offered by this module (pb_link_rings, pb_await). */
#define PB_ERR_UNSUPPORTED (-9)
/** A bad argument: a null pointer, a buffer below the minimum size. A bug in the caller. */
#define PB_ERR_INVALID (-10)
/**
 * An object at the address's name belongs to another user or is open to other users (mode wider than 0600); it
 * was not used. pb_last_error names it, its owner and mode. Hosts that predate this code show it as a number.
 */
#define PB_ERR_NOT_OWNED (-11)

/* ------------------------------------------------------------------------------------------- capabilities */

/** The medium is a byte stream whose messages the module frames itself. */
#define PB_CAP_BYTE_STREAM 0x1u
/** Messages survive the death of both processes. */
#define PB_CAP_PERSISTENT 0x2u
/** The peer may be on another machine. */
#define PB_CAP_CROSSES_MACHINES 0x4u
/**
 * pb_link_rings() returns two ring buffers in shared memory in the layout of docs/PROTOCOL.md ("Ring buffer")
 * carrying its "Message records", so that the host can move messages itself and call into the module only to wait
 * (pb_await). Without it the host moves every message through pb_send and pb_receive.
 */
#define PB_CAP_SHARED_RINGS 0x10u
/**
 * Retired: rings whose long messages ended with a marked last fragment (nshm layout 1). A host ignores it and moves
 * the messages of such a module through pb_send and pb_receive, which read and write that format themselves.
 */
#define PB_CAP_SHARED_RINGS_V1 0x8u

/* ------------------------------------------------------------------------------------------------- types */

/** A meeting point made by pb_listen, waiting for one peer. Opaque to the host. */
typedef struct pb_acceptor pb_acceptor;

/** One duplex connection to a peer process. Opaque to the host. */
typedef struct pb_link pb_link;

/**
 * What a module says about itself. The host reads it right after loading, before anything else. The struct and
 * its strings must stay valid while the library is loaded (a static const object is usual).
 *
 * Layout (never reordered; later ABI versions only add fields at the end): four uint32_t, then four pointers.
 */
struct pb_module_info {
    /** PB_ABI_VERSION as the module was compiled: always the first 4 bytes, so any host can read it. */
    uint32_t abi_version;
    /** PB_CAP_* bits. */
    uint32_t capabilities;
    /** The largest message a link carries by default, in bytes (an address may lower or raise it). */
    uint32_t max_message;
    /** 0. */
    uint32_t reserved;
    /** The module id, as plugin ids: lower case, e.g. "nshm". Two files with one id are versions of one module. */
    const char *id;
    /** The module version, e.g. "1.0.1"; the host prefers the highest. */
    const char *version;
    /** The URI scheme its addresses use, lower case, e.g. "nshm". */
    const char *scheme;
    /** One line for listings. */
    const char *description;
};

/* --------------------------------------------------------------------------------------- required functions */

/** The module's description. Never NULL. Called first, and may be called at any time. */
PB_EXPORT const struct pb_module_info *pb_module_info(void);

/**
 * What the last failing call on this thread did wrong, as one line of text (UTF-8), e.g.
 * "shm_open(/patchbay-nshm.orders) failed: EEXIST (File exists)". Valid until the next call on this thread.
 * Never NULL; "" if nothing failed yet.
 */
PB_EXPORT const char *pb_last_error(void);

/**
 * Creates the meeting point named by address (the whole URI, e.g. "nshm:orders?size=1m") and returns at once,
 * without waiting for a peer: the host announces the address and then calls pb_accept.
 *
 * @param max_message the largest message either side may send on links of this acceptor, in bytes
 * @param out         receives the acceptor
 * @return PB_OK, PB_ERR_ADDRESS, PB_ERR_IO (for example: the name is taken by a live process)
 */
PB_EXPORT int pb_listen(const char *address, uint32_t max_message, pb_acceptor **out);

/**
 * Waits up to timeout_ns for the peer and returns the link to it. An acceptor accepts once; what it made now
 * belongs to the link.
 *
 * @return PB_OK, PB_ERR_TIMEOUT, PB_ERR_CLOSED (shut down, or accepted before), PB_ERR_IO
 */
PB_EXPORT int pb_accept(pb_acceptor *acceptor, int64_t timeout_ns, pb_link **out);

/** Wakes a thread blocked in pb_accept on this acceptor (it returns PB_ERR_CLOSED). Any thread, any time. */
PB_EXPORT void pb_acceptor_shutdown(pb_acceptor *acceptor);

/** Releases the acceptor and, if no link was accepted, the meeting point. No other call on it may be running. */
PB_EXPORT void pb_acceptor_close(pb_acceptor *acceptor);

/**
 * Connects to a meeting point made by pb_listen, waiting up to timeout_ns for it to appear.
 *
 * @return PB_OK, PB_ERR_TIMEOUT (say what was waited on in pb_last_error), PB_ERR_ADDRESS, PB_ERR_IO
 */
PB_EXPORT int pb_connect(const char *address, uint32_t max_message, int64_t timeout_ns, pb_link **out);

/**
 * Sends length bytes at data as one message. Blocks while the medium is full, but never past the peer's death
 * nor past pb_shutdown.
 *
 * @return PB_OK, PB_ERR_TOO_LARGE (the link stays open), PB_ERR_PEER_CLOSED, PB_ERR_CLOSED, PB_ERR_IO
 */
PB_EXPORT int pb_send(pb_link *link, const void *data, uint32_t length);

/**
 * Waits up to timeout_ns (0: do not wait; negative: no limit) for at least one message, then copies as many
 * whole messages as are there and fit into buffer, in order. Each message is a uint32_t length in host byte
 * order followed by its bytes, and the next one starts at the next multiple of 4.
 *
 * @param capacity the buffer's size in bytes, at least 8
 * @return the number of messages copied (0: none arrived in time); PB_ERR_TOO_SMALL if the next message alone
 *         does not fit (its length is then in the buffer's first 4 bytes, and it stays to be received with a
 *         larger buffer); PB_ERR_PEER_CLOSED once the peer is gone and everything it sent was received;
 *         PB_ERR_CORRUPT; PB_ERR_CLOSED; PB_ERR_INVALID
 */
PB_EXPORT int pb_receive(pb_link *link, void *buffer, uint32_t capacity, int64_t timeout_ns);

/**
 * Shuts the link down: blocked and later calls on it return PB_ERR_CLOSED, and the peer sees the link closed.
 * Any thread, any time, more than once.
 */
PB_EXPORT void pb_shutdown(pb_link *link);

/** Releases everything the link holds (shutting it down first if needed). No other call on it may be running. */
PB_EXPORT void pb_close(pb_link *link);

/**
 * With PB_CAP_SHARED_RINGS: the ring buffer this side produces into (tx) and the one it consumes (rx), each the
 * start of a ring descriptor of docs/PROTOCOL.md with the DOORBELLS flag, valid until pb_close. The host then
 * sends and receives through the rings itself (the "Message records" of docs/PROTOCOL.md) and
 * calls pb_await instead of spinning. Without the capability: return PB_ERR_UNSUPPORTED.
 */
PB_EXPORT int pb_link_rings(pb_link *link, void **tx_ring, void **rx_ring);

/** pb_await: wait until a record can be read from the rx ring. */
#define PB_AWAIT_READABLE 1
/** pb_await: wait until the tx ring has room for a record of the given length. */
#define PB_AWAIT_WRITABLE 2

/**
 * With PB_CAP_SHARED_RINGS: waits up to timeout_ns (negative: no limit) until the rings are ready for what
 * (PB_AWAIT_READABLE, or PB_AWAIT_WRITABLE for a record of length payload bytes), sleeping rather than spinning
 * once a short spin found nothing, and watching for the peer's close or death meanwhile.
 *
 * @return PB_OK when ready; PB_ERR_TIMEOUT; PB_ERR_PEER_CLOSED (readable: the peer is gone and nothing is left
 *         to read; writable: the peer is gone); PB_ERR_CLOSED; PB_ERR_UNSUPPORTED without the capability
 */
PB_EXPORT int pb_await(pb_link *link, int what, uint32_t length, int64_t timeout_ns);

/* --------------------------------------------------------------------------------------- optional functions */

/**
 * Optional: counters of the link, for diagnostics, written to out[0 .. count-1] in a module-defined order that
 * pb_link_stats_names() lists as comma-separated names.
 *
 * @return how many counters were written
 */
PB_EXPORT int pb_link_stats(pb_link *link, uint64_t *out, uint32_t count);

/** Optional, with pb_link_stats: the names of its counters, comma-separated, e.g. "sleeps,wakes,peer_checks". */
PB_EXPORT const char *pb_link_stats_names(void);

/**
 * Optional: pb_send with a bound. Waits up to timeout_ns (negative: no limit) for room on the medium, never past
 * the peer's death nor past pb_shutdown. A module that exports it lets the host tell a peer that is slow to read
 * (the call returns PB_ERR_TIMEOUT in time, and the host calls again) from a module that is hung (the call does not
 * return): the host sends in short slices and cuts a call off that overruns its slice by a grace period. Without
 * it the host calls pb_send, which it cannot bound, since back-pressure may last as long as the peer does not read.
 *
 * A message that goes out in parts and times out after some of them keeps its progress in the link: the next call
 * on the link is then pb_send_timeout with the same data and length, and carries on where this one stopped.
 *
 * @return PB_OK, PB_ERR_TIMEOUT (the medium stayed full), and otherwise as pb_send
 */
PB_EXPORT int pb_send_timeout(pb_link *link, const void *data, uint32_t length, int64_t timeout_ns);

#ifdef __cplusplus
}
#endif

#endif /* PATCHBAY_TRANSPORT_H */
