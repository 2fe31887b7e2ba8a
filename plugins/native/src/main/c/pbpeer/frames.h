/*
 * Stream framing and channel frames of docs/PROTOCOL.md:
 *
 *   frame:         "PB" | ver 1 | flags 0 | length u32 | crc32c u32 | payload        (little-endian)
 *   channel frame: kind u8 | number u64 | body                                      (in a frame's payload)
 */
#ifndef PBPEER_FRAMES_H
#define PBPEER_FRAMES_H

#include <stdint.h>

#define FRAME_HEADER 12
#define CHANNEL_HEADER 9

enum channel_kind {
    KIND_DATA = 1,
    KIND_PREPARE = 2,
    KIND_READY = 3,
    KIND_REFUSE = 4,
    KIND_SWITCH = 5,
    KIND_ABORT = 6,
    KIND_RESUME = 7,
    KIND_COMMIT = 8,
    KIND_HELLO = 9,
};

/** Result of frame_read at a clean end of stream (the writer closed between frames). */
#define FRAME_END (-1)
/** Result of frame_read and frame_write on any failure; the error text says which. */
#define FRAME_ERROR (-2)

/**
 * Reads one frame's payload into buffer, checking magic, version, length (<= limit, before reading the payload)
 * and checksum.
 *
 * @return the payload length, FRAME_END, or FRAME_ERROR
 */
int64_t frame_read(int fd, uint8_t *buffer, uint32_t limit);

/** Writes a channel frame (kind, number, body) as one stream frame; 0 or FRAME_ERROR. */
int channel_write(int fd, uint8_t kind, uint64_t number, const void *body, uint32_t length);

/** The little-endian u64 at p. */
uint64_t get_u64(const uint8_t *p);

#endif
