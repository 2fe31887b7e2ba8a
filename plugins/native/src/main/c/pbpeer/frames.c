#define _GNU_SOURCE
#include "frames.h"
#include "crc32c.h"
#include "../common/pb_error.h"

#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t) (v >> (8 * i));
    }
}

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

uint64_t get_u64(const uint8_t *p) {
    return (uint64_t) get_u32(p) | (uint64_t) get_u32(p + 4) << 32;
}

/* Reads exactly length bytes; 1, 0 at end of stream before the first byte, FRAME_ERROR otherwise. */
static int read_fully(int fd, uint8_t *p, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t n = read(fd, p + done, length - done);
        if (n > 0) {
            done += (size_t) n;
        } else if (n == 0) {
            return done == 0 ? 0 : pb_fail(FRAME_ERROR, "end of stream in the middle of a frame");
        } else if (errno != EINTR) {
            return pb_fail_errno(FRAME_ERROR, errno, "read");
        }
    }
    return 1;
}

int64_t frame_read(int fd, uint8_t *buffer, uint32_t limit) {
    uint8_t header[FRAME_HEADER];
    int r = read_fully(fd, header, sizeof header);
    if (r <= 0) {
        return r == 0 ? FRAME_END : FRAME_ERROR;
    }
    if (header[0] != 'P' || header[1] != 'B' || header[2] != 1) {
        return pb_fail(FRAME_ERROR, "bad frame: magic 0x%02x%02x version %u, expected 'PB' version 1", header[0],
                       header[1], header[2]);
    }
    uint32_t length = get_u32(header + 4);
    if (length > limit) {
        return pb_fail(FRAME_ERROR, "bad frame: length %u exceeds the limit of %u bytes", length, limit);
    }
    r = read_fully(fd, buffer, length);
    if (r <= 0 && length > 0) {
        return r == 0 ? pb_fail(FRAME_ERROR, "end of stream in the middle of a frame") : FRAME_ERROR;
    }
    uint32_t crc = crc32c_update(crc32c_update(0, header + 4, 4), buffer, length);
    if (crc != get_u32(header + 8)) {
        return pb_fail(FRAME_ERROR, "bad frame: checksum 0x%08x, the payload gives 0x%08x", get_u32(header + 8), crc);
    }
    return length;
}

int channel_write(int fd, uint8_t kind, uint64_t number, const void *body, uint32_t length) {
    uint8_t header[FRAME_HEADER + CHANNEL_HEADER];
    uint32_t payload = CHANNEL_HEADER + length;
    header[0] = 'P';
    header[1] = 'B';
    header[2] = 1;
    header[3] = 0;
    put_u32(header + 4, payload);
    header[FRAME_HEADER] = kind;
    put_u32(header + FRAME_HEADER + 1, (uint32_t) number);
    put_u32(header + FRAME_HEADER + 5, (uint32_t) (number >> 32));
    /* The checksum covers the four length bytes, then the whole payload: channel header and body. */
    uint32_t crc = crc32c_update(crc32c_update(crc32c_update(0, header + 4, 4), header + FRAME_HEADER,
                                               CHANNEL_HEADER), body, length);
    put_u32(header + 8, crc);
    struct iovec parts[2] = {{header, sizeof header}, {(void *) body, length}};
    size_t left = sizeof header + length;
    while (left > 0) {
        ssize_t n = writev(fd, parts, 2);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return pb_fail_errno(FRAME_ERROR, errno, "write");
        }
        left -= (size_t) n;
        for (int i = 0; i < 2 && n > 0; i++) {
            size_t used = (size_t) n < parts[i].iov_len ? (size_t) n : parts[i].iov_len;
            parts[i].iov_base = (uint8_t *) parts[i].iov_base + used;
            parts[i].iov_len -= used;
            n -= (ssize_t) used;
        }
    }
    return 0;
}
