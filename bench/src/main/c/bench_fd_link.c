/*
 * The descriptor medium of pipe-bench and fifo-bench: fixed-size messages moved with plain blocking read(2) and
 * write(2), as a program written for the purpose would.
 */
#define _GNU_SOURCE
#include "bench_proto.h"

#include <errno.h>
#include <unistd.h>

static int read_fully(void *state, unsigned char *buf, size_t len)
{
    int fd = ((struct fd_pair *) state)->rfd;
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, buf + done, len - done);
        if (n > 0) {
            done += (size_t) n;
        } else if (n == 0) {
            if (done == 0) {
                return IO_EOF;
            }
            errno = EPIPE;
            return IO_FAILED;
        } else if (errno != EINTR) {
            return IO_FAILED;
        }
    }
    return IO_OK;
}

static int write_fully(void *state, const unsigned char *buf, size_t len)
{
    int fd = ((struct fd_pair *) state)->wfd;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n >= 0) {
            done += (size_t) n;
        } else if (errno != EINTR) {
            return IO_FAILED;
        }
    }
    return IO_OK;
}

static void close_both(void *state)
{
    struct fd_pair *fds = state;
    close(fds->wfd);
    close(fds->rfd);
}

struct bench_link bench_fd_link(struct fd_pair *fds)
{
    struct bench_link link = {fds, read_fully, write_fully, close_both};
    return link;
}
