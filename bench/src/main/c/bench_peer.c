/*
 * The two roles of a C baseline: the sender, which the launcher drives over stdin/stdout, and the receiver. Both
 * move fixed-size messages over a bench_link; only the medium under it (and how the two sides meet) differs
 * between pipe-bench, fifo-bench and shm-floor-bench.
 */
#define _GNU_SOURCE
#include "bench_proto.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define COMMAND_MAX 4096

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void put_u64(unsigned char *msg, size_t offset, uint64_t value)
{
    memcpy(msg + offset, &value, sizeof value);
}

static uint64_t get_u64(const unsigned char *msg, size_t offset)
{
    uint64_t value;
    memcpy(&value, msg + offset, sizeof value);
    return value;
}

static void put_u32(unsigned char *msg, size_t offset, uint32_t value)
{
    memcpy(msg + offset, &value, sizeof value);
}

static uint32_t get_u32(const unsigned char *msg, size_t offset)
{
    uint32_t value;
    memcpy(&value, msg + offset, sizeof value);
    return value;
}

size_t parse_size(const char *program, const char *text)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < MSG_HEADER_LENGTH || value > (64UL << 20)) {
        fprintf(stderr, "%s: message size '%s' must be a number of bytes from %d to 64 MiB\n", program, text,
                MSG_HEADER_LENGTH);
        exit(2);
    }
    return (size_t) value;
}

/* ---------------------------------------------------------------------------------------------------------------
 * Receiver
 */

int run_receiver(const struct bench_link *link, size_t size)
{
    signal(SIGPIPE, SIG_IGN);
    unsigned char *msg = calloc(1, size);
    if (msg == NULL) {
        perror("receiver: calloc");
        return 1;
    }
    uint64_t expected = 0;
    int status = 0;
    for (;;) {
        int r = link->read_message(link->state, msg, size);
        if (r == IO_EOF) {
            break;
        }
        if (r == IO_FAILED) {
            perror("receiver: read");
            status = 1;
            break;
        }
        uint64_t seq = get_u64(msg, MSG_SEQ_OFFSET);
        if (seq != expected) {
            fprintf(stderr, "receiver: sequence gap: expected %llu, got %llu\n", (unsigned long long) expected,
                    (unsigned long long) seq);
            status = 3;
            break;
        }
        expected++;
        uint32_t kind = get_u32(msg, MSG_KIND_OFFSET);
        if (kind == KIND_DATA) {
            continue;
        }
        if (kind == KIND_END) {
            put_u64(msg, MSG_TIME_OFFSET, expected);
        } else if (kind != KIND_PING) {
            fprintf(stderr, "receiver: message %llu has unknown kind %u\n", (unsigned long long) seq, kind);
            status = 3;
            break;
        }
        if (link->write_message(link->state, msg, size) != IO_OK) {
            perror("receiver: write");
            status = 1;
            break;
        }
    }
    free(msg);
    link->close(link->state);
    return status;
}

/* ---------------------------------------------------------------------------------------------------------------
 * Sender
 */

struct sender {
    const struct bench_link *link;
    const struct sender_options *opt;
    unsigned char *out;
    unsigned char *in;
    uint64_t next_seq;
};

static void fail(const char *what)
{
    printf("error %s: %s\n", what, strerror(errno));
    fflush(stdout);
    exit(1);
}

static void send_message(struct sender *s, uint32_t kind, int64_t intended)
{
    put_u64(s->out, MSG_SEQ_OFFSET, s->next_seq++);
    put_u64(s->out, MSG_TIME_OFFSET, (uint64_t) intended);
    put_u32(s->out, MSG_KIND_OFFSET, kind);
    if (s->link->write_message(s->link->state, s->out, s->opt->size) != IO_OK) {
        fail("write to receiver");
    }
}

/* Reads the answer to the last message sent and checks it is that message. */
static void await_answer(struct sender *s)
{
    int r = s->link->read_message(s->link->state, s->in, s->opt->size);
    if (r != IO_OK) {
        if (r == IO_EOF) {
            errno = EPIPE;
        }
        fail("read from receiver");
    }
    uint64_t seq = get_u64(s->in, MSG_SEQ_OFFSET);
    if (seq != s->next_seq - 1) {
        printf("error answer carries sequence %llu, expected %llu\n", (unsigned long long) seq,
               (unsigned long long) (s->next_seq - 1));
        fflush(stdout);
        exit(1);
    }
}

/* Sleeps until SPIN_WINDOW_NS before the deadline, then spins on the clock: sleeping alone would wake tens of
 * microseconds late, and that lateness would be charged to the link as latency. */
static void pace_until(int64_t deadline)
{
    int64_t left = deadline - now_ns();
    if (left > SPIN_WINDOW_NS) {
        struct timespec ts = {(time_t) ((left - SPIN_WINDOW_NS) / 1000000000LL),
                              (long) ((left - SPIN_WINDOW_NS) % 1000000000LL)};
        nanosleep(&ts, NULL);
    }
    while (now_ns() < deadline) {
        /* spin: bounded by SPIN_WINDOW_NS plus the sleep's overshoot */
    }
}

/* Round trips at a fixed rate; latency counts from the intended send time (no coordinated omission). */
static long round_trip(struct sender *s, long millis, const char *file)
{
    long count = millis * s->opt->rate / 1000;
    int64_t interval = 1000000000LL / s->opt->rate;
    int64_t *samples = NULL;
    if (file != NULL) {
        samples = malloc((size_t) (count > 0 ? count : 1) * sizeof *samples);
        if (samples == NULL) {
            fail("malloc");
        }
    }
    int64_t start = now_ns() + interval;
    for (long i = 0; i < count; i++) {
        int64_t intended = start + i * interval;
        pace_until(intended);
        send_message(s, KIND_PING, intended);
        await_answer(s);
        if (samples != NULL) {
            samples[i] = now_ns() - intended;
        }
    }
    if (samples != NULL) {
        FILE *f = fopen(file, "wb");
        if (f == NULL || fwrite(samples, sizeof *samples, (size_t) count, f) != (size_t) count || fclose(f) != 0) {
            fail(file);
        }
        free(samples);
    }
    return count;
}

/* Sends back to back for the given time, then END; the clock stops when the receiver has answered END. */
static void stream(struct sender *s, long millis, long long *messages, long long *nanos)
{
    int64_t start = now_ns();
    int64_t stop = start + (int64_t) millis * 1000000LL;
    long long sent = 0;
    do {
        send_message(s, KIND_DATA, 0);
        sent++;
    } while (now_ns() < stop);
    send_message(s, KIND_END, 0);
    await_answer(s);
    *nanos = now_ns() - start;
    *messages = sent;
    uint64_t taken = get_u64(s->in, MSG_TIME_OFFSET);
    if (taken != s->next_seq) {
        printf("error receiver took in %llu messages, %llu were sent\n", (unsigned long long) taken,
               (unsigned long long) s->next_seq);
        fflush(stdout);
        exit(1);
    }
}

int run_sender(const struct bench_link *link, const struct sender_options *opt)
{
    signal(SIGPIPE, SIG_IGN);
    struct sender s = {link, opt, calloc(1, opt->size), calloc(1, opt->size), 0};
    if (s.out == NULL || s.in == NULL) {
        fail("calloc");
    }
    for (size_t i = MSG_HEADER_LENGTH; i < opt->size; i++) {
        s.out[i] = (unsigned char) i;
    }
    printf("ready peer=%ld impl=%s\n", opt->peer_pid, opt->impl);
    fflush(stdout);

    char line[COMMAND_MAX];
    char file[COMMAND_MAX];
    long millis;
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (sscanf(line, "warmup %ld", &millis) == 1) {
            long long messages, nanos;
            round_trip(&s, millis / 2, NULL);
            stream(&s, millis / 2, &messages, &nanos);
            printf("ok\n");
        } else if (sscanf(line, "rtt %ld %4095s", &millis, file) == 2) {
            long samples = round_trip(&s, millis, file);
            printf("result samples=%ld\n", samples);
        } else if (sscanf(line, "stream %ld", &millis) == 1) {
            long long messages, nanos;
            stream(&s, millis, &messages, &nanos);
            printf("result messages=%lld bytes=%lld nanos=%lld\n", messages, messages * (long long) opt->size,
                   nanos);
        } else if (strncmp(line, "quit", 4) == 0) {
            break;
        } else {
            printf("error unknown command: %s", line);
        }
        fflush(stdout);
    }
    link->close(link->state);
    free(s.out);
    free(s.in);
    return 0;
}
