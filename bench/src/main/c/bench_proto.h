/*
 * The benchmark harness's message layout and control protocol, for the C baselines.
 *
 * This mirrors dev.patchbay.bench.harness.peer.BenchMessage and ControlProtocol on the Java side, so that the
 * launcher drives a C pair exactly as it drives a Patchbay pair. Change both sides together.
 *
 * Every message is `size` bytes, little-endian:
 *
 *   0               8               16      20                       size
 *   +---------------+---------------+-------+------------------------+
 *   | sequence u64  | intended ns   | kind  | filler                 |
 *   +---------------+---------------+-------+------------------------+
 *
 * kind PING is echoed back unchanged, DATA is counted, END is answered with itself carrying, at offset 8, how many
 * messages the receiver has taken in (END included). Sequence numbers run 0, 1, 2, ... over the whole session; a
 * receiver that sees any other number stops with an error, which the sender sees as its peer closing.
 */
#ifndef PATCHBAY_BENCH_PROTO_H
#define PATCHBAY_BENCH_PROTO_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the harness's messages are little-endian and these programs copy integers as they lie in memory"
#endif

#define MSG_SEQ_OFFSET 0
#define MSG_TIME_OFFSET 8
#define MSG_KIND_OFFSET 16
#define MSG_HEADER_LENGTH 20

#define KIND_PING 1u
#define KIND_DATA 2u
#define KIND_END 3u

/* The pacer sleeps until this long before a send is due, then spins on the clock (the Java sender does the same). */
#define SPIN_WINDOW_NS 100000LL

/* What a medium's read_message and write_message return. */
#define IO_FAILED -1
#define IO_EOF 0
#define IO_OK 1

/*
 * How a pair moves whole messages: two descriptors (bench_fd_link.c) or two rings in shared memory
 * (shm_floor_bench.c). The roles below never see which.
 */
struct bench_link {
    void *state;
    /* Reads exactly len bytes: IO_OK; IO_EOF when the peer closed before the first byte; IO_FAILED, errno set. */
    int (*read_message)(void *state, unsigned char *msg, size_t len);
    /* Writes len bytes: IO_OK or IO_FAILED with errno set. */
    int (*write_message)(void *state, const unsigned char *msg, size_t len);
    /* Tells the peer this side is done (for descriptors, closing them gives it end of file). */
    void (*close)(void *state);
};

/* The two descriptors of a pipe or fifo pair, read with blocking read(2) and written with write(2). */
struct fd_pair {
    int rfd;
    int wfd;
};

/* A link over the pair; fds must outlive it. */
struct bench_link bench_fd_link(struct fd_pair *fds);

/* What the sender needs besides its link. */
struct sender_options {
    size_t size;        /* bytes per message, at least MSG_HEADER_LENGTH */
    long rate;          /* round-trip messages per second */
    long peer_pid;      /* reported to the launcher so it can check the peer's CPU affinity */
    const char *impl;   /* what this program is, reported to the launcher */
};

/* Reads commands on stdin and answers on stdout until "quit" or end of input, then closes the link. Returns the
 * exit status. */
int run_sender(const struct bench_link *link, const struct sender_options *opt);

/* Answers the sender's messages until it closes its side, then closes the link. Returns the exit status. */
int run_receiver(const struct bench_link *link, size_t size);

/* Parses a message size, or exits with a usage error naming the program. */
size_t parse_size(const char *program, const char *text);

#endif
