/*
 * shm-floor-bench: the C floor of Patchbay's shm suites (shm_floor_link.h says what it runs on). The receiver
 * creates the segment, the sender attaches to it; the segment's name is removed as soon as both are in.
 *
 *   shm-floor-bench receive <size> <name> spin|backoff
 *   shm-floor-bench send <size> <rate> <name> spin|backoff     (driven by the launcher over stdin/stdout)
 */
#define _GNU_SOURCE
#include "shm_floor_link.h"
#include "common/pb_clock.h"
#include "common/pb_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MEET_TIMEOUT_NS (20 * PB_SECONDS)
#define MEET_POLL_NS PB_MILLIS

static int64_t *pid_field(struct floor_side *side, int offset)
{
    return (int64_t *) (nshm_segment_data(&side->segment) + offset);
}

static void check_size(size_t size)
{
    if (size > FLOOR_RING_CAPACITY / 8) {
        fprintf(stderr, "shm-floor-bench: a message of %zu bytes exceeds one record of a %u-byte ring (%u bytes);"
                " the floor sends no fragments\n", size, FLOOR_RING_CAPACITY, FLOOR_RING_CAPACITY / 8);
        exit(2);
    }
}

static int receive(size_t size, const char *name, enum floor_wait wait)
{
    struct floor_side side;
    if (nshm_segment_create(&side.segment, name, floor_data_length()) != 0) {
        fprintf(stderr, "shm-floor-bench: %s\n", pb_error_text());
        return 1;
    }
    uint8_t *data = nshm_segment_data(&side.segment);
    floor_format(data);
    *pid_field(&side, FLOOR_RECEIVER_PID) = (int64_t) getpid();
    nshm_segment_publish(&side.segment);
    int64_t give_up = pb_now_ns() + MEET_TIMEOUT_NS;
    while ((side.peer_pid = __atomic_load_n(pid_field(&side, FLOOR_SENDER_PID), __ATOMIC_ACQUIRE)) == 0) {
        if (pb_now_ns() > give_up) {
            nshm_segment_unlink(&side.segment);
            fprintf(stderr, "shm-floor-bench: no sender attached to %s within 20 s\n", side.segment.path);
            return 1;
        }
        pb_sleep_ns(MEET_POLL_NS);
    }
    nshm_segment_unlink(&side.segment);
    if (floor_attach(&side, 1, wait) != 0) {
        fprintf(stderr, "shm-floor-bench: %s\n", pb_error_text());
        return 1;
    }
    struct bench_link link = floor_link(&side);
    return run_receiver(&link, size);
}

static int send_to(size_t size, long rate, const char *name, enum floor_wait wait)
{
    struct floor_side side;
    int64_t give_up = pb_now_ns() + MEET_TIMEOUT_NS;
    int r;
    while ((r = nshm_segment_open(&side.segment, name, give_up)) == NSHM_NOT_FOUND && pb_now_ns() < give_up) {
        pb_sleep_ns(MEET_POLL_NS);
    }
    if (r != 0 || floor_attach(&side, 0, wait) != 0) {
        printf("error %s\n", r == NSHM_NOT_FOUND ? "no receiver made the segment within 20 s" : pb_error_text());
        return 1;
    }
    side.peer_pid = *pid_field(&side, FLOOR_RECEIVER_PID);
    __atomic_store_n(pid_field(&side, FLOOR_SENDER_PID), (int64_t) getpid(), __ATOMIC_RELEASE);
    struct sender_options opt = {size, rate, (long) side.peer_pid,
                                 wait == FLOOR_SPIN ? "nshm-ring,busy-spin" : "nshm-ring,backoff"};
    struct bench_link link = floor_link(&side);
    return run_sender(&link, &opt);
}

int main(int argc, char **argv)
{
    enum floor_wait wait;
    if (argc == 5 && strcmp(argv[1], "receive") == 0 && floor_wait_parse(argv[4], &wait) == 0) {
        size_t size = parse_size("shm-floor-bench", argv[2]);
        check_size(size);
        return receive(size, argv[3], wait);
    }
    if (argc == 6 && strcmp(argv[1], "send") == 0 && atol(argv[3]) > 0 && floor_wait_parse(argv[5], &wait) == 0) {
        size_t size = parse_size("shm-floor-bench", argv[2]);
        check_size(size);
        return send_to(size, atol(argv[3]), argv[4], wait);
    }
    fprintf(stderr, "usage: shm-floor-bench receive <size> <name> spin|backoff"
            " | shm-floor-bench send <size> <rate> <name> spin|backoff\n");
    return 2;
}
