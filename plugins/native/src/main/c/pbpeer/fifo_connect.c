#define _GNU_SOURCE
#include "fifo_connect.h"
#include "../common/pb_error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void pause_ms(int ms) {
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
}

/* <runtime>: $PATCHBAY_RUNTIME_DIR, else $XDG_RUNTIME_DIR/patchbay if that folder exists, else /tmp/patchbay-<euid>. */
static void runtime_folder(char *out, size_t size) {
    const char *own = getenv("PATCHBAY_RUNTIME_DIR");
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    struct stat st;
    if (own != NULL && *own != '\0') {
        snprintf(out, size, "%s", own);
    } else if (xdg != NULL && *xdg == '/' && stat(xdg, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(out, size, "%s/patchbay", xdg);
    } else {
        snprintf(out, size, "/tmp/patchbay-%u", (unsigned) geteuid());
    }
}

/* Locks <name>.owner so that a second connector keeps off; the fd, or -1 if it is not there or locked. */
static int lock_owner(const char *path) {
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return -1;
    }
    struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_SETLK, &lock) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Waits for the listener's 0x01 on the read fifo: before it, a read could see end of stream. */
static int await_accepted(int fd, int64_t deadline, const char *path) {
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            return pb_fail(-1, "the listener did not open %s in time", path);
        }
        struct pollfd p = {fd, POLLIN, 0};
        int n = poll(&p, 1, (int) (left < INT_MAX ? left : INT_MAX));
        if (n < 0 && errno != EINTR) {
            return pb_fail_errno(-1, errno, "poll(%s)", path);
        }
        if (n <= 0) {
            continue;
        }
        unsigned char byte;
        ssize_t r = read(fd, &byte, 1);
        if (r == 1) {
            return byte == 0x01 ? 0 : pb_fail(-1, "unexpected byte 0x%02x on %s: not a Patchbay listener", byte, path);
        }
        if (r == 0) {
            return pb_fail(-1, "the listener went away while connecting (%s)", path);
        }
        if (errno != EAGAIN && errno != EINTR) {
            return pb_fail_errno(-1, errno, "read(%s)", path);
        }
    }
}

/* PROTOCOL.md "Ownership": a fifo end must be a fifo of this user that nobody else may open, asked of the fd. */
static int check_owned(int fd, const char *path) {
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return pb_fail_errno(-1, errno, "fstat(%s)", path);
    }
    if (!S_ISFIFO(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 0077) != 0) {
        return pb_fail(-1, "%s is not a private fifo of yours (uid %u, mode %04o; you are uid %u): remove it, or"
                       " use another name", path, (unsigned) st.st_uid, (unsigned) (st.st_mode & 07777),
                       (unsigned) geteuid());
    }
    return 0;
}

int fifo_connect(const char *name, int64_t timeout_ms, fifo_link *link) {
    char base[PATH_MAX];
    char c2s[PATH_MAX];
    char s2c[PATH_MAX];
    char owner[PATH_MAX];
    runtime_folder(base, sizeof base);
    if (snprintf(c2s, sizeof c2s, "%s/fifo/%s.c2s", base, name) >= (int) sizeof c2s
            || snprintf(s2c, sizeof s2c, "%s/fifo/%s.s2c", base, name) >= (int) sizeof s2c
            || snprintf(owner, sizeof owner, "%s/fifo/%s.owner", base, name) >= (int) sizeof owner) {
        return pb_fail(-1, "the fifo path for '%s' is too long", name);
    }
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        link->owner_fd = lock_owner(owner);
        if (link->owner_fd >= 0) {
            link->write_fd = open(c2s, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (link->write_fd >= 0) {
                break;
            }
            close(link->owner_fd);
        }
        if (now_ms() >= deadline) {
            return pb_fail(-1, "no listener at %s within %lld ms; start the other side first", c2s,
                           (long long) timeout_ms);
        }
        pause_ms(5);
    }
    link->read_fd = open(s2c, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (link->read_fd < 0) {
        int err = errno;
        close(link->write_fd);
        close(link->owner_fd);
        return pb_fail_errno(-1, err, "open(%s)", s2c);
    }
    if (check_owned(link->write_fd, c2s) != 0 || check_owned(link->read_fd, s2c) != 0
            || await_accepted(link->read_fd, deadline, s2c) != 0) {
        fifo_close(link);
        return -1;
    }
    /* From here on plain blocking reads and writes: this peer has one thread. */
    fcntl(link->read_fd, F_SETFL, fcntl(link->read_fd, F_GETFL) & ~O_NONBLOCK);
    fcntl(link->write_fd, F_SETFL, fcntl(link->write_fd, F_GETFL) & ~O_NONBLOCK);
    return 0;
}

void fifo_close(fifo_link *link) {
    close(link->read_fd);
    close(link->write_fd);
    close(link->owner_fd);
}
