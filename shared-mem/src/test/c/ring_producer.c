/*
 * A ring buffer producer written from docs/PROTOCOL.md alone, to check that the document is enough for a C peer.
 *
 * usage: ring_producer <segment name> <producer id> <count>
 * Opens the POSIX segment /patchbay-<name>, checks its header, finds the ring buffer at the start of the data area
 * and offers <count> self-checking records of type <producer id> (the same records as the Java tests' RingRecords).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SEGMENT_MAGIC 0x5941424843544150ULL
#define SEGMENT_DATA 128
#define RING_MAGIC 0x42524250u
#define FLAG_MANY 1u
#define TAIL 128
#define HEAD 256
#define AREA 640
#define MAX_LENGTH 500

static uint8_t *ring;
static uint32_t capacity;
static uint32_t flags;
static uint64_t head_cache;

static uint32_t record_length(uint64_t seq) {
    return 8 + (uint32_t) (((seq * 2654435761ULL) >> 7) % (MAX_LENGTH - 7));
}

static int32_t *length_at(uint32_t idx) { return (int32_t *) (ring + AREA + idx); }
static int32_t *type_at(uint32_t idx) { return (int32_t *) (ring + AREA + idx + 4); }

static int offer(int32_t type, const uint8_t *src, uint32_t len) {
    uint64_t *tail_p = (uint64_t *) (ring + TAIL);
    uint64_t *head_p = (uint64_t *) (ring + HEAD);
    uint32_t stride = (8 + len + 7) & ~7u;
    uint64_t tail;
    uint32_t idx, pad;
    for (;;) {
        tail = (flags & FLAG_MANY) ? __atomic_load_n(tail_p, __ATOMIC_SEQ_CST)
                                   : __atomic_load_n(tail_p, __ATOMIC_RELAXED);
        idx = (uint32_t) (tail & (capacity - 1));
        uint32_t to_end = capacity - idx;
        pad = stride > to_end ? to_end : 0;
        if (tail + pad + stride - head_cache > capacity) {
            head_cache = __atomic_load_n(head_p, __ATOMIC_ACQUIRE);
            if (tail + pad + stride - head_cache > capacity) {
                return 0;
            }
        }
        if (!(flags & FLAG_MANY)) {
            __atomic_store_n(tail_p, tail + pad + stride, __ATOMIC_RELEASE);
            break;
        }
        if (__atomic_compare_exchange_n(tail_p, &tail, tail + pad + stride, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            break;
        }
    }
    if (pad) {
        *type_at(idx) = -1;
        __atomic_store_n(length_at(idx), (int32_t) pad, __ATOMIC_RELEASE);
        idx = 0;
    }
    *type_at(idx) = type;
    __atomic_store_n(length_at(idx), -(int32_t) (8 + len), __ATOMIC_RELEASE);
    memcpy(ring + AREA + idx + 8, src, len);
    __atomic_store_n(length_at(idx), (int32_t) (8 + len), __ATOMIC_RELEASE);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s <segment> <producer id> <count>\n", argv[0]);
        return 2;
    }
    char path[128];
    snprintf(path, sizeof path, "/patchbay-%s", argv[1]);
    int producer = atoi(argv[2]);
    long count = atol(argv[3]);
    int fd = shm_open(path, O_RDWR, 0);
    if (fd < 0) { perror("shm_open"); return 1; }
    off_t size = lseek(fd, 0, SEEK_END);
    uint8_t *segment = mmap(NULL, (size_t) size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (segment == MAP_FAILED) { perror("mmap"); return 1; }
    if (__atomic_load_n((uint64_t *) segment, __ATOMIC_ACQUIRE) != SEGMENT_MAGIC
            || *(uint16_t *) (segment + 8) != 1) {
        fprintf(stderr, "not a version 1 Patchbay segment\n");
        return 1;
    }
    ring = segment + SEGMENT_DATA;
    if (__atomic_load_n((uint32_t *) ring, __ATOMIC_ACQUIRE) != RING_MAGIC || *(uint16_t *) (ring + 4) != 1) {
        fprintf(stderr, "no version 1 ring buffer at the start of the data area\n");
        return 1;
    }
    capacity = *(uint32_t *) (ring + 8);
    flags = *(uint32_t *) (ring + 16);
    uint8_t record[MAX_LENGTH];
    for (uint64_t seq = 0; seq < (uint64_t) count; seq++) {
        uint32_t len = record_length(seq);
        memcpy(record, &seq, 8);
        for (uint32_t i = 8; i < len; i++) {
            record[i] = (uint8_t) (producer * 131 + seq * 7 + i);
        }
        while (!offer(producer, record, len)) {
            sched_yield();
        }
    }
    printf("DONE %ld\n", count);
    return 0;
}
