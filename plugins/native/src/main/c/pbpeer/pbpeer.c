/*
 * pbpeer: a Patchbay peer in C, written from docs/PROTOCOL.md alone, with no JVM and no Patchbay code.
 *
 * usage: pbpeer <fifo name> [count]
 *
 * Connects to a process listening on fifo:<name> (for example `patchbay listen fifo:<name>`), sends count
 * numbered messages of its own ("pbpeer <n>"), then echoes every message it receives until the other side closes.
 * It says HELLO first (channel protocol 2.0, no capabilities), checks the peer's HELLO (another major version
 * is refused with REFUSE 0), checks the sequence number of every DATA frame and refuses any migration (PREPARE)
 * with a reason: it speaks fifo only. Prints what it did on stderr; exit status 0 when the other side closed cleanly.
 */
#define _GNU_SOURCE
#include "crc32c.h"
#include "fifo_connect.h"
#include "frames.h"
#include "../common/pb_error.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The channel protocol this peer speaks. */
#define PROTOCOL_MAJOR 2
#define PROTOCOL_TEXT "protocol=2.0\ncapabilities=\n"

/* The largest message a Patchbay link carries by default: 8 MiB. */
#define LIMIT (8u << 20)

static uint8_t frame[LIMIT];

static int refuse(int fd, uint64_t migration, const uint8_t *body, uint32_t length) {
    /* The body is UTF-8 lines key=value; quote the address in the reason. */
    char address[256] = "?";
    const char *text = (const char *) body;
    for (uint32_t i = 0; i + 8 <= length; i++) {
        if ((i == 0 || text[i - 1] == '\n') && strncmp(text + i, "address=", 8) == 0) {
            uint32_t end = i + 8;
            while (end < length && text[end] != '\n') {
                end++;
            }
            snprintf(address, sizeof address, "%.*s", (int) (end - i - 8), text + i + 8);
            break;
        }
    }
    char reason[400];
    int n = snprintf(reason, sizeof reason, "pbpeer speaks fifo only and cannot move to %s", address);
    fprintf(stderr, "pbpeer: refusing migration %llu to %s\n", (unsigned long long) migration, address);
    return channel_write(fd, KIND_REFUSE, migration, reason, (uint32_t) n);
}

/* The major version in a HELLO body ("protocol=<major>.<minor>" among key=value lines), or -1. */
static long hello_major(const uint8_t *body, uint32_t length) {
    const char *text = (const char *) body;
    for (uint32_t i = 0; i + 9 <= length; i++) {
        if ((i == 0 || text[i - 1] == '\n') && strncmp(text + i, "protocol=", 9) == 0) {
            long major = 0;
            uint32_t j = i + 9;
            if (j >= length || text[j] < '0' || text[j] > '9') {
                return -1;
            }
            while (j < length && text[j] >= '0' && text[j] <= '9' && major < 100000) {
                major = major * 10 + (text[j++] - '0');
            }
            return major;
        }
    }
    return -1;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s <fifo name> [count]\n", argv[0]);
        return 2;
    }
    long count = argc == 3 ? atol(argv[2]) : 0;
    /* A closed reader is an error from write(), not a signal that kills us. */
    signal(SIGPIPE, SIG_IGN);
    if (crc32c_update(0, "123456789", 9) != 0xe3069283u) {
        fprintf(stderr, "pbpeer: CRC-32C self-test failed\n");
        return 1;
    }
    fifo_link link;
    if (fifo_connect(argv[1], 30000, &link) != 0) {
        fprintf(stderr, "pbpeer: %s\n", pb_error_text());
        return 1;
    }
    uint64_t next_out = 0;
    uint64_t next_in = 0;
    uint64_t refused = 0;
    if (channel_write(link.write_fd, KIND_HELLO, 0, PROTOCOL_TEXT, (uint32_t) strlen(PROTOCOL_TEXT)) != 0) {
        fprintf(stderr, "pbpeer: sending HELLO: %s\n", pb_error_text());
        return 1;
    }
    for (long i = 0; i < count; i++) {
        char text[32];
        int n = snprintf(text, sizeof text, "pbpeer %ld", i);
        if (channel_write(link.write_fd, KIND_DATA, next_out++, text, (uint32_t) n) != 0) {
            fprintf(stderr, "pbpeer: sending: %s\n", pb_error_text());
            return 1;
        }
    }
    int status = 0;
    for (;;) {
        int64_t length = frame_read(link.read_fd, frame, LIMIT);
        if (length == FRAME_END) {
            break;
        }
        if (length < CHANNEL_HEADER) {
            fprintf(stderr, "pbpeer: %s\n", length < 0 ? pb_error_text() : "frame too short for a channel frame");
            status = 1;
            break;
        }
        uint8_t kind = frame[0];
        uint64_t number = get_u64(frame + 1);
        const uint8_t *body = frame + CHANNEL_HEADER;
        uint32_t body_length = (uint32_t) length - CHANNEL_HEADER;
        int r = 0;
        if (kind == KIND_DATA) {
            if (number != next_in) {
                fprintf(stderr, "pbpeer: expected message %llu, got %llu\n", (unsigned long long) next_in,
                        (unsigned long long) number);
                status = 1;
                break;
            }
            next_in++;
            r = channel_write(link.write_fd, KIND_DATA, next_out++, body, body_length);
        } else if (kind == KIND_PREPARE) {
            refused++;
            r = refuse(link.write_fd, number, body, body_length);
        } else if (kind == KIND_HELLO) {
            long major = hello_major(body, body_length);
            if (major != PROTOCOL_MAJOR) {
                char reason[160];
                int n = snprintf(reason, sizeof reason, "pbpeer speaks channel protocol 2.0, the peer %ld", major);
                channel_write(link.write_fd, KIND_REFUSE, 0, reason, (uint32_t) n);
                fprintf(stderr, "pbpeer: %s\n", reason);
                status = 1;
                break;
            }
        } else if (kind == KIND_REFUSE && number == 0) {
            fprintf(stderr, "pbpeer: the peer refused the channel: %.*s\n", (int) body_length, (const char *) body);
            status = 1;
            break;
        } else if (kind == KIND_ABORT) {
            /* The initiator gave up on a migration we refused anyway. */
        } else {
            fprintf(stderr, "pbpeer: unexpected channel frame kind %u\n", kind);
            status = 1;
            break;
        }
        if (r != 0) {
            fprintf(stderr, "pbpeer: sending: %s\n", pb_error_text());
            status = 1;
            break;
        }
    }
    fprintf(stderr, "pbpeer: received %llu, sent %llu, refused %llu migration(s)\n", (unsigned long long) next_in,
            (unsigned long long) next_out, (unsigned long long) refused);
    fifo_close(&link);
    return status;
}
